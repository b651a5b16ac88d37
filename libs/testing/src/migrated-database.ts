import { openDatabase, type Migrations, type OpenedDatabase } from '@sitrep/platform';

/**
 * Opens the run's test database (made by the global setup) with the given migrations applied.
 * Tests share the database and isolate themselves with fresh ids.
 */
export async function openTestDatabase(
  migrations: Migrations,
  poolSize = 10,
): Promise<OpenedDatabase> {
  const url = process.env.SITREP_TEST_DATABASE_URL;
  if (!url)
    throw new Error(
      'SITREP_TEST_DATABASE_URL is not set: run integration tests through jest.config.ts',
    );
  return openDatabase(url, poolSize, migrations);
}
