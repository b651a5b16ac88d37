import type { Sql } from '@sitrep/platform';

/**
 * A stream's folded state as of `version`, so that a reader with nothing in memory folds only the
 * events after it instead of the whole stream. Written by the stream's only writer in the
 * transaction that appended up to `version`. `schema` names the state's shape: a snapshot of
 * another shape is not used (and is replaced by the next one taken), so changing the shape only
 * needs a new schema name.
 */
export interface StreamSnapshot {
  streamId: string;
  schema: string;
  version: number;
  state: unknown;
}

const READ_SQL = `
SELECT stream_id, version, state FROM stream_snapshots
WHERE stream_id = ANY($1::text[]) AND schema = $2`;

// A snapshot only moves forward, unless it is of an older shape.
const SAVE_SQL = `
INSERT INTO stream_snapshots (stream_id, schema, version, state)
SELECT s.stream_id, s.schema, s.version, s.state
FROM jsonb_to_recordset($1::jsonb) AS s(stream_id text, schema text, version bigint, state jsonb)
ON CONFLICT (stream_id) DO UPDATE
  SET schema = EXCLUDED.schema, version = EXCLUDED.version, state = EXCLUDED.state,
      taken_at = now()
  WHERE stream_snapshots.version < EXCLUDED.version OR stream_snapshots.schema <> EXCLUDED.schema`;

export const snapshotStore = {
  /** The snapshots of `schema` among these streams, by stream id. */
  async read(
    sql: Sql,
    schema: string,
    streamIds: readonly string[],
  ): Promise<Map<string, StreamSnapshot>> {
    if (streamIds.length === 0) return new Map();
    const rows = await sql.query<{ stream_id: string; version: string; state: unknown }>(READ_SQL, [
      streamIds,
      schema,
    ]);
    return new Map(
      rows.map((r) => [
        r.stream_id,
        { streamId: r.stream_id, schema, version: Number(r.version), state: r.state },
      ]),
    );
  },

  /** In the transaction that appended the events each snapshot folds. */
  async save(tx: Sql, snapshots: readonly StreamSnapshot[]): Promise<void> {
    if (snapshots.length === 0) return;
    const rows = snapshots.map((s) => ({
      stream_id: s.streamId,
      schema: s.schema,
      version: s.version,
      state: s.state,
    }));
    await tx.query(SAVE_SQL, [JSON.stringify(rows)]);
  },
};
