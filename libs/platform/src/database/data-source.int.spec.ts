import { openDatabase, type OpenedDatabase } from './data-source';

describe('openDatabase on PostgreSQL', () => {
  let opened: OpenedDatabase;

  beforeAll(async () => {
    const url = process.env.SITREP_TEST_DATABASE_URL;
    if (!url) throw new Error('SITREP_TEST_DATABASE_URL is not set: run through jest.config.ts');
    opened = await openDatabase(url, 3, []);
  });
  afterAll(async () => {
    await opened?.dataSource.destroy();
  });

  it('gives every pooled connection JIT off and names it sitrep', async () => {
    // Three at once, so the pool opens more than one connection.
    const settings = await Promise.all(
      [1, 2, 3].map(() =>
        opened.database.transaction((tx) =>
          tx.query<{ jit: string; app: string; pid: number }>(
            `SELECT current_setting('jit') AS jit, current_setting('application_name') AS app,
                    pg_backend_pid() AS pid, pg_sleep(0.05) IS NULL AS slept`,
          ),
        ),
      ),
    );
    const rows = settings.flat();
    expect(new Set(rows.map((r) => r.pid)).size).toBeGreaterThan(1);
    expect(rows.map((r) => [r.jit, r.app])).toEqual(rows.map(() => ['off', 'sitrep']));
  });

  it('keeps a connection whose statement the server refused, and drops a broken one', async () => {
    const url = process.env.SITREP_TEST_DATABASE_URL!;
    const single = await openDatabase(url, 1, []);
    try {
      const pid = async () =>
        (await single.database.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0].pid;
      const first = await pid();
      await expect(single.database.query('SELECT 1 / 0')).rejects.toThrow(/division by zero/);
      expect(await pid()).toBe(first);

      await expect(
        single.database.query('SELECT pg_terminate_backend(pg_backend_pid())'),
      ).rejects.toThrow();
      expect(await pid()).not.toBe(first);
    } finally {
      await single.dataSource.destroy();
    }
  });
});
