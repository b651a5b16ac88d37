/**
 * The event store's statements. Append is one statement so it costs what a plain INSERT costs:
 * it reads the stream's version from the (stream_id, stream_position) index, inserts only if that
 * matches the expected version, and reports the version it saw. Two writers that both saw the same
 * version collide on the unique (stream_id, stream_position) constraint; nothing else is locked.
 */
export const APPEND_SQL = `
WITH current_version AS (
  SELECT coalesce(max(stream_position), 0) AS version FROM events WHERE stream_id = $1
),
appended AS (
  INSERT INTO events (stream_id, stream_position, event_id, type, schema_version, data, metadata)
  SELECT $1, current_version.version + e.ordinality, e.event_id, e.type, e.schema_version, e.data, e.metadata
  FROM current_version,
    unnest($2::uuid[], $3::text[], $4::int[], $5::jsonb[], $6::jsonb[]) WITH ORDINALITY
      AS e(event_id, type, schema_version, data, metadata, ordinality)
  WHERE $7::bigint IS NULL OR current_version.version = $7::bigint
  ORDER BY e.ordinality
  RETURNING stream_position, global_position
)
SELECT current_version.version AS current_version,
  (SELECT max(stream_position) FROM appended) AS stream_position,
  (SELECT max(global_position) FROM appended) AS global_position
FROM current_version`;

export const STREAM_VERSION_SQL = `
SELECT coalesce(max(stream_position), 0) AS version, coalesce(max(global_position), 0) AS global_position
FROM events WHERE stream_id = $1`;

const COLUMNS = `global_position, stream_id, stream_position, event_id, type, schema_version, data,
  metadata, recorded_at, transaction_id::text AS transaction_id`;

// \`until\` comes from a JavaScript Date (milliseconds): an event's own recordedAt must include it.
export const READ_STREAM_SQL = `
SELECT ${COLUMNS} FROM events
WHERE stream_id = $1
  AND ($2::bigint IS NULL OR stream_position <= $2::bigint)
  AND ($3::timestamptz IS NULL OR date_trunc('milliseconds', recorded_at) <= $3::timestamptz)
ORDER BY stream_position`;

/**
 * Global positions are handed out when a row is inserted, not when it commits, so a reader that
 * followed global_position alone would skip an event whose transaction commits after a later one.
 * Instead the log is read in (transaction, position) order and only from transactions older than
 * every transaction still running: nothing can ever appear behind what a reader has seen.
 */
export const READ_ALL_SQL = `
SELECT ${COLUMNS} FROM events
WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
  AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
ORDER BY transaction_id, global_position
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
