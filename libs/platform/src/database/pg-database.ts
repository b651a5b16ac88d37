import type { Pool, PoolClient, QueryConfig } from 'pg';
import type { Database, QueryOptions, Sql } from './sql';

/** `Database` over a node-postgres pool (the pool TypeORM opened, so there is one pool per process). */
export class PgDatabase implements Database {
  constructor(
    private readonly pool: Pool,
    readonly maxConnections: number,
  ) {}

  async query<T>(text: string, params?: readonly unknown[], options?: QueryOptions): Promise<T[]> {
    const result = await this.pool.query(toConfig(text, params, options));
    return result.rows as T[];
  }

  async transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(clientSql(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
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
