import type { Database, Sql } from '@sitrep/platform';
import { LOG_START, type LogPosition } from './event-store.types';

/** Where a named reader of the global log (projection, forwarder) has got to. */
export interface CheckpointStore {
  /** LOG_START when the reader has never stored a position. */
  read(name: string): Promise<LogPosition>;
  /**
   * Moves the checkpoint from `expected` to `next` and returns true, or returns false (changing
   * nothing) if it is no longer at `expected`: another instance of the reader got there first.
   * Pass the transaction that wrote the reader's results so both commit or neither does.
   */
  compareAndSet(name: string, expected: LogPosition, next: LogPosition, tx?: Sql): Promise<boolean>;
}

export const CHECKPOINT_STORE = Symbol('sitrep.checkpoint-store');

const READ_SQL = `SELECT transaction_id::text AS transaction_id, global_position FROM checkpoints WHERE name = $1`;

// A missing row is LOG_START, so the first write from LOG_START is an insert, and also succeeds
// over a row that was explicitly stored as LOG_START.
const SET_FROM_START_SQL = `
INSERT INTO checkpoints (name, transaction_id, global_position) VALUES ($1, $2::xid8, $3)
ON CONFLICT (name) DO UPDATE
  SET transaction_id = excluded.transaction_id, global_position = excluded.global_position, updated_at = now()
  WHERE checkpoints.transaction_id = '0'::xid8 AND checkpoints.global_position = 0
RETURNING 1 AS moved`;

// Under READ COMMITTED a concurrent update is re-checked against the WHERE after its lock wait, so
// of two instances moving from the same position only one sees a row.
const SET_SQL = `
UPDATE checkpoints
  SET transaction_id = $2::xid8, global_position = $3, updated_at = now()
  WHERE name = $1 AND transaction_id = $4::xid8 AND global_position = $5
RETURNING 1 AS moved`;

export class PostgresCheckpointStore implements CheckpointStore {
  constructor(private readonly database: Database) {}

  async read(name: string): Promise<LogPosition> {
    const [row] = await this.database.query<{ transaction_id: string; global_position: string }>(
      READ_SQL,
      [name],
    );
    if (!row) return LOG_START;
    return { transactionId: row.transaction_id, globalPosition: Number(row.global_position) };
  }

  async compareAndSet(
    name: string,
    expected: LogPosition,
    next: LogPosition,
    tx?: Sql,
  ): Promise<boolean> {
    const sql = tx ?? this.database;
    const rows = isLogStart(expected)
      ? await sql.query(SET_FROM_START_SQL, [name, next.transactionId, next.globalPosition])
      : await sql.query(SET_SQL, [
          name,
          next.transactionId,
          next.globalPosition,
          expected.transactionId,
          expected.globalPosition,
        ]);
    return rows.length === 1;
  }
}

function isLogStart(position: LogPosition): boolean {
  return BigInt(position.transactionId) === 0n && position.globalPosition === 0;
}
