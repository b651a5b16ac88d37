import { createTestDatabase } from '../../libs/testing/src/test-database';

/** One fresh database per test run (and per Jest project); each test then uses fresh stream ids. */
export default async function globalSetup(): Promise<void> {
  const url = await createTestDatabase();
  process.env.SITREP_TEST_DATABASE_URL = url;
}
