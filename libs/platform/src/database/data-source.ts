import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { Migrations } from './migrations';
import { PgDatabase } from './pg-database';

/** Arbitrary constant key for the advisory lock that keeps concurrent starts from migrating twice. */
const MIGRATION_LOCK_KEY = 7_346_100_001;

export interface OpenedDatabase {
  dataSource: DataSource;
  database: PgDatabase;
}

export interface OpenDatabaseOptions {
  /**
   * Every connection reaches the same server session (PGlite behind its socket server). Then a
   * new connection first drops the prepared statements an earlier one left: the pool replaces a
   * connection that broke or sat idle, and the new one's driver, knowing nothing of them, would
   * prepare them again under the same names and fail ("prepared statement ... already exists")
   * on every query that uses one, until a restart.
   */
  sharedSession?: boolean;
}

/**
 * Opens TypeORM on `url`, runs every pending migration (never `synchronize`) and exposes the
 * driver's node-postgres pool as a `Database`, so the process holds exactly one pool.
 */
export async function openDatabase(
  url: string,
  poolSize: number,
  migrations: Migrations,
  { sharedSession = false }: OpenDatabaseOptions = {},
): Promise<OpenedDatabase> {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    poolSize,
    migrations: [...migrations],
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
    extra: {
      application_name: 'sitrep',
      connectionTimeoutMillis: 10_000,
      // Sitrep's statements are short. PostgreSQL's JIT judges by the planner's cost, and a batch
      // read of many streams costs enough to be compiled: compiling then takes far longer than the
      // query, on every alert batch of a storm (figures: bench/README.md).
      options: '-c jit=off',
    },
  });
  await dataSource.initialize();
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  if (sharedSession) {
    // Queued ahead of whatever the connection was opened for.
    pool.on('connect', (client) => void client.query('DEALLOCATE ALL').catch(() => undefined));
  }
  // Several processes may start at once against one server; PGlite has one process and one connection.
  if (poolSize > 1) await migrateUnderLock(dataSource);
  else await dataSource.runMigrations({ transaction: 'each' });
  return { dataSource, database: new PgDatabase(pool, poolSize) };
}

async function migrateUnderLock(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
