import { createTestDatabase } from '../../libs/testing/src/test-database';

/** One fresh database per test run (and per Jest project); each test then uses fresh stream ids. */
export default async function globalSetup(): Promise<void> {
  // Jest runs every project's global setup before any test, in one process: create it once.
  process.env.SITREP_TEST_DATABASE_URL ??= await createTestDatabase();
}
