import { DatabaseError, type Pool, type PoolClient, type QueryConfig } from 'pg';
import type { Database, QueryOptions, Sql } from './sql';

/** `Database` over a node-postgres pool (the pool TypeORM opened, so there is one pool per process). */
export class PgDatabase implements Database {
  constructor(
    private readonly pool: Pool,
    readonly maxConnections: number,
  ) {}

  /**
   * One statement on a pooled connection. A statement the server refused (a constraint, bad
   * input) leaves the connection as good as it was, so it goes back to the pool; only a broken
   * connection is dropped. (`pool.query` drops it either way: a new connection, its prepared
   * statements parsed again, and on PGlite a session that still holds the old ones.)
   */
  query<T>(text: string, params?: readonly unknown[], options?: QueryOptions): Promise<T[]> {
    return this.withClient(async (client, drop) => {
      try {
        const result = await client.query(toConfig(text, params, options));
        return result.rows as T[];
      } catch (error) {
        if (!refusedStatement(error)) drop(error);
        throw error;
      }
    });
  }

  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    return this.withClient(async (client, drop) => {
      await client.query('BEGIN');
      try {
        const result = await work(clientSql(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(drop);
        throw error;
      }
    });
  }

  /**
   * A pooled connection for `work`, given back afterwards unless `work` dropped it or it broke
   * meanwhile (its 'error' event, which would otherwise go unheard and end the process).
   */
  private async withClient<T>(
    work: (client: PoolClient, drop: (error: unknown) => void) => Promise<T>,
  ): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    const drop = (error: unknown) => {
      broken ??= error instanceof Error ? error : new Error(String(error));
    };
    client.on('error', drop);
    try {
      return await work(client, drop);
    } finally {
      client.off('error', drop);
      client.release(broken);
    }
  }
}

/** The server refused the statement and the session goes on (not FATAL or PANIC). */
function refusedStatement(error: unknown): boolean {
  return error instanceof DatabaseError && error.severity === 'ERROR';
}

function clientSql(client: PoolClient): Sql {
  return {
    async query<T>(
      text: string,
      params?: readonly unknown[],
      options?: QueryOptions,
    ): Promise<T[]> {
      const result = await client.query(toConfig(text, params, options));
      return result.rows as T[];
    },
  };
}

function toConfig(text: string, params?: readonly unknown[], options?: QueryOptions): QueryConfig {
  return { text, values: params as unknown[] | undefined, name: options?.name };
}
