import type { Pool, PoolClient } from 'pg';
import type { Database, Sql } from './sql';

/** `Database` over a node-postgres pool (the pool TypeORM opened, so there is one pool per process). */
export class PgDatabase implements Database {
  constructor(
    private readonly pool: Pool,
    readonly maxConnections: number,
  ) {}

  async query<T>(text: string, params?: readonly unknown[]): Promise<T[]> {
    const result = await this.pool.query(text, params as unknown[] | undefined);
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
    async query<T>(text: string, params?: readonly unknown[]): Promise<T[]> {
      const result = await client.query(text, params as unknown[] | undefined);
      return result.rows as T[];
    },
  };
}
