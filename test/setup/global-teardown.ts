import { dropTestDatabase } from '../../libs/testing/src/test-database';

export default async function globalTeardown(): Promise<void> {
  const url = process.env.SITREP_TEST_DATABASE_URL;
  if (url && !process.env.SITREP_KEEP_TEST_DATABASE) await dropTestDatabase(url);
}
