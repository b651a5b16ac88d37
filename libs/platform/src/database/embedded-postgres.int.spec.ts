import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { openDatabase } from './data-source';
import { startEmbeddedPostgres } from './embedded-postgres';
import { sqlMigration } from './migrations';

const migrations = [
  sqlMigration('Notes1764200000000', ['CREATE TABLE notes (body text NOT NULL)']),
];

describe('embedded PostgreSQL (PGlite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sitrep-embedded-'));

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function withEmbedded<T>(
    work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>,
  ) {
    const embedded = await startEmbeddedPostgres(dataDir);
    const opened = await openDatabase(embedded.url, 1, migrations, { sharedSession: true });
    try {
      return await work(opened);
    } finally {
      await opened.dataSource.destroy();
      await embedded.close();
    }
  }

  it('runs the same migrations and keeps committed data across a restart', async () => {
    await withEmbedded(async ({ database }) => {
      await database.transaction(async (tx) => {
        await tx.query(`INSERT INTO notes VALUES ('kept')`);
      });
      await database
        .transaction(async (tx) => {
          await tx.query(`INSERT INTO notes VALUES ('rolled back')`);
          throw new Error('abort');
        })
        .catch(() => undefined);
    });
    const rows = await withEmbedded(({ database }) =>
      database.query<{ body: string }>('SELECT body FROM notes'),
    );
    expect(rows).toEqual([{ body: 'kept' }]);
  }, 60_000);

  it('supports what the event store relies on: xid8 and snapshots', async () => {
    const [row] = await withEmbedded(({ database }) =>
      database.query<{ ok: boolean }>(
        'SELECT pg_current_xact_id() >= pg_snapshot_xmin(pg_current_snapshot()) AS ok',
      ),
    );
    expect(row.ok).toBe(true);
  }, 60_000);

  it('keeps named statements working after a refused statement and a replaced connection', async () => {
    await withEmbedded(async ({ dataSource, database }) => {
      const named = () =>
        database.query<{ n: number }>('SELECT count(*)::int AS n FROM notes', [], {
          name: 'sitrep_count_notes',
        });
      const counted = [{ n: expect.any(Number) }];
      await expect(named()).resolves.toEqual(counted);
      // A statement the server refused leaves the connection in the pool.
      await expect(database.query('SELECT 1 / 0')).rejects.toThrow(/division by zero/);
      await expect(named()).resolves.toEqual(counted);
      // A broken one is replaced, and PGlite's one session still holds what it prepared.
      const pool = (dataSource.driver as unknown as { master: Pool }).master;
      (await pool.connect()).release(new Error('broken'));
      await new Promise((resolve) => setTimeout(resolve, 200)); // the server lets the old one go
      await expect(named()).resolves.toEqual(counted);
    });
  }, 60_000);
});
