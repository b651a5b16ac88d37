/** The one seam every library uses to talk to PostgreSQL (real server or embedded PGlite). */
export interface Sql {
  query<T = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<T[]>;
}

export interface QueryOptions {
  /**
   * Prepares the statement once per connection under this name and from then on only binds and
   * executes it. For a few hot statements only: every name holds a prepared statement on every
   * connection, and one name must always carry the same text.
   */
  readonly name?: string;
}

export interface Database extends Sql {
  /** Runs `work` in one transaction on one connection; rolls back if it throws. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  /** Connections this database may hold at once (1 for embedded PGlite). */
  readonly maxConnections: number;
}

export const DATABASE = Symbol('sitrep.database');

const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string } | null;
  return !!e && e.code === UNIQUE_VIOLATION && (!constraint || e.constraint === constraint);
}
