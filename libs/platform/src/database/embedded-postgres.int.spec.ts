import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    const opened = await openDatabase(embedded.url, 1, migrations);
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
});
