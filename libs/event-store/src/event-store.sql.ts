/**
 * Append is one statement so it costs what a plain INSERT costs: the append_events function (see
 * the migration) reads the stream's version from the (stream_id, stream_position) index, inserts
 * only if it matches the expected version, and reports the version it saw. Two writers that both
 * saw the same version collide on the unique (stream_id, stream_position) constraint; nothing else
 * is locked, so appends to different streams never wait for each other.
 */
export const APPEND_SQL = `
SELECT version_before, last_stream_position, last_global_position
FROM append_events($1, $2::uuid[], $3::text[], $4::int[], $5::jsonb[], $6::jsonb[], $7::bigint)`;

/** APPEND_SQL for exactly one event, with scalar parameters (see append_event in the migrations). */
export const APPEND_ONE_SQL = `
SELECT version_before, last_stream_position, last_global_position
FROM append_event($1, $2::uuid, $3::text, $4::int, $5::jsonb, $6::jsonb, $7::bigint)`;

/**
 * Appends run as named prepared statements: each connection parses the call once, then only binds
 * and executes it. A name must always carry the same text.
 */
export const APPEND_STATEMENT = { name: 'sitrep_append_events' } as const;
export const APPEND_ONE_STATEMENT = { name: 'sitrep_append_event' } as const;

/**
 * The batch append: every stream's version is read from the (stream_id, stream_position) index,
 * and the rows are inserted only if every stream is at its expected version: all or nothing, even
 * in autocommit; `mismatches` names the streams that moved. Two batches racing for the same
 * position collide on the unique constraint, as single appends do; rows go in stream-id order, so
 * two batches over the same streams take their index entries in the same order and cannot
 * deadlock. Rows travel as one jsonb document (jsonb_to_recordset), which the server parses
 * faster than array parameters.
 */
export const APPEND_BATCH_SQL = `
WITH streams AS (
  SELECT x.s, x.e,
    (SELECT coalesce(max(ev.stream_position), 0) FROM events ev WHERE ev.stream_id = x.s) AS actual
  FROM jsonb_to_recordset($1::jsonb) AS x(s text, e bigint)
),
appended AS (
  INSERT INTO events (stream_id, stream_position, event_id, type, schema_version, data, metadata)
  SELECT r.s, st.actual + r.n, r.i, r.t, r.v, r.d, r.m
  FROM jsonb_to_recordset($2::jsonb) AS r(s text, n int, i uuid, t text, v int, d jsonb, m jsonb)
  JOIN streams st ON st.s = r.s
  WHERE NOT EXISTS (SELECT 1 FROM streams m WHERE m.e IS NOT NULL AND m.e <> m.actual)
  ORDER BY r.s, r.n
  RETURNING events.global_position
)
SELECT (SELECT count(*) FROM appended)::int AS appended,
  (SELECT max(global_position) FROM appended) AS last_global_position,
  (SELECT jsonb_agg(jsonb_build_array(st.s, st.actual)) FROM streams st
    WHERE st.e IS NOT NULL AND st.e <> st.actual) AS mismatches`;

export const STREAM_VERSION_SQL = `
SELECT coalesce(max(stream_position), 0) AS version, coalesce(max(global_position), 0) AS global_position
FROM events WHERE stream_id = $1`;

// transaction_id is selected as text (xid8 has no JavaScript type); ORDER BY must name the
// table's column, or it would sort by the text alias and put xid 10000 before 9999.
const COLUMNS = `global_position, stream_id, stream_position, event_id, type, schema_version, data,
  metadata, recorded_at, transaction_id::text AS transaction_id`;

// \`until\` comes from a JavaScript Date (milliseconds): an event's own recordedAt must include it.
export const READ_STREAM_SQL = `
SELECT ${COLUMNS} FROM events
WHERE stream_id = $1
  AND ($2::bigint IS NULL OR stream_position <= $2::bigint)
  AND ($3::timestamptz IS NULL OR date_trunc('milliseconds', recorded_at) <= $3::timestamptz)
ORDER BY events.stream_position`;

/**
 * Global positions are handed out when a row is inserted, not when it commits, so a reader that
 * followed global_position alone would skip an event whose transaction commits after a later one.
 * Instead the log is read in (transaction, position) order and only from transactions older than
 * every transaction still running: nothing can ever appear behind what a reader has seen.
 */
// LATERAL: one index range scan per stream, whatever the planner guesses of the recordset (a
// hash join would read the whole log).
export const READ_STREAMS_SQL = `
SELECT e.* FROM jsonb_to_recordset($1::jsonb) AS r(s text, a bigint)
CROSS JOIN LATERAL (
  SELECT ${COLUMNS} FROM events
  WHERE events.stream_id = r.s AND events.stream_position > r.a
  ORDER BY events.stream_position) e
ORDER BY e.stream_id, e.stream_position`;

export const READ_ALL_SQL = `
SELECT ${COLUMNS} FROM events
WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
  AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
ORDER BY events.transaction_id, events.global_position
LIMIT $3`;

export interface EventRow {
  global_position: string | number | bigint;
  stream_id: string;
  stream_position: string | number | bigint;
  event_id: string;
  type: string;
  schema_version: number;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  recorded_at: Date;
  transaction_id: string;
}
