import type { Sql } from '@sitrep/platform';

export interface Timer {
  key: string;
  kind: string;
  dueAt: Date;
  payload: Record<string, unknown>;
  attempts: number;
}

interface TimerRecord {
  key: string;
  kind: string;
  due_at: Date;
  payload: Record<string, unknown>;
  attempts: number;
}

const toTimer = (r: TimerRecord): Timer => ({
  key: r.key,
  kind: r.kind,
  dueAt: r.due_at,
  payload: r.payload,
  attempts: r.attempts,
});

/**
 * Durable timers in PostgreSQL. A timer has a stable key (e.g. `huddle-due:<incident>:<n>`), so
 * scheduling the same timer twice changes nothing; a fired or cancelled timer is never re-armed by
 * a replay.
 */
export class TimerStore {
  async schedule(sql: Sql, timer: Omit<Timer, 'attempts'>): Promise<void> {
    await this.scheduleAll(sql, [timer]);
  }

  async cancel(sql: Sql, key: string): Promise<void> {
    await this.cancelAll(sql, [key]);
  }

  /** `schedule` for many timers in one statement (a key given twice keeps its last entry). */
  async scheduleAll(sql: Sql, timers: ReadonlyArray<Omit<Timer, 'attempts'>>): Promise<void> {
    const byKey = new Map(timers.map((t) => [t.key, t]));
    // In key order, so concurrent writers lock rows in the same order.
    const rows = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    if (rows.length === 0) return;
    await sql.query(
      `INSERT INTO timers (key, kind, due_at, payload)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::jsonb[])
       ON CONFLICT (key) DO UPDATE SET due_at = EXCLUDED.due_at, payload = EXCLUDED.payload, updated_at = now()
       WHERE timers.state = 'scheduled'`,
      [
        rows.map((t) => t.key),
        rows.map((t) => t.kind),
        rows.map((t) => t.dueAt),
        rows.map((t) => JSON.stringify(t.payload)),
      ],
    );
  }

  /** `cancel` for many keys in one statement. */
  async cancelAll(sql: Sql, keys: readonly string[]): Promise<void> {
    const unique = [...new Set(keys)].sort();
    if (unique.length === 0) return;
    await sql.query(
      `INSERT INTO timers (key, kind, due_at, state)
       SELECT key, 'cancelled', now(), 'cancelled' FROM unnest($1::text[]) AS k(key)
       ON CONFLICT (key) DO UPDATE SET state = 'cancelled', updated_at = now() WHERE timers.state = 'scheduled'`,
      [unique],
    );
  }

  /**
   * Leases timers of the given kinds due at `now` for `leaseMs`, skipping those another dispatcher holds. A dispatcher
   * that dies mid-way loses its lease and the timer fires again elsewhere: at least once.
   */
  async claimDue(
    sql: Sql,
    kinds: readonly string[],
    now: Date,
    limit: number,
    leaseMs: number,
  ): Promise<Timer[]> {
    const rows = await sql.query<TimerRecord>(
      `UPDATE timers SET lease_until = $3, updated_at = now()
        WHERE key IN (SELECT key FROM timers
                       WHERE state = 'scheduled' AND due_at <= $1 AND kind = ANY($4::text[])
                         AND (lease_until IS NULL OR lease_until < $1)
                       ORDER BY due_at, key LIMIT $2 FOR UPDATE SKIP LOCKED)
        RETURNING key, kind, due_at, payload, attempts`,
      [now, limit, new Date(now.getTime() + leaseMs), kinds],
    );
    return rows.map(toTimer).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  }

  async markFired(sql: Sql, key: string, at: Date): Promise<void> {
    await sql.query(
      `UPDATE timers SET state = 'fired', fired_at = $2, attempts = attempts + 1, last_error = NULL, updated_at = now()
        WHERE key = $1`,
      [key, at],
    );
  }

  async markFailed(sql: Sql, key: string, error: string, retryAt: Date): Promise<void> {
    await sql.query(
      `UPDATE timers SET attempts = attempts + 1, last_error = $2, due_at = $3, lease_until = NULL,
              updated_at = now() WHERE key = $1`,
      [key, error.slice(0, 2000), retryAt],
    );
  }
}
