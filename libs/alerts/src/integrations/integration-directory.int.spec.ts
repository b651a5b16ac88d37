import { ManualClock, type Database, type OpenedDatabase } from '@sitrep/platform';
import { openIntakeTestDatabase } from '../intake/testing/intake.fixture';
import { anIntegrationRecord } from '../pipeline/testing/alert-fixtures';
import { INTEGRATION_CACHE_MS, IntegrationDirectory } from './integration-directory';
import { integrationStore } from './integration.store';

describe('the integration directory against real PostgreSQL', () => {
  let opened: OpenedDatabase;
  /** The real database, counting the statements the directory sends it. */
  let counted: Database & { statements: number };
  const clock = new ManualClock(new Date('2026-11-27T04:00:00.000Z'));

  beforeAll(async () => {
    opened = await openIntakeTestDatabase();
    const db = opened.database;
    counted = {
      statements: 0,
      query(text, params, options) {
        counted.statements += 1;
        return db.query(text, params, options);
      },
      transaction: (work) => db.transaction(work),
      maxConnections: db.maxConnections,
    };
  });
  afterAll(async () => {
    await opened?.dataSource.destroy();
  });
  afterEach(() => jest.restoreAllMocks());

  async function integrations(n: number) {
    const created = Array.from({ length: n }, () => anIntegrationRecord());
    for (const i of created) {
      await integrationStore.insert(opened.database, i);
      await integrationStore.insertCredential(
        opened.database,
        i.integrationId,
        { id: crypto.randomUUID(), kind: 'token', secretHash: `hash-${i.integrationId}` },
        clock.now(),
      );
    }
    return created.map((i) => i.integrationId);
  }
  /** Time as the directory sees it, moved by hand. */
  const frozenTime = () => {
    let now = Date.now();
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    return { pass: (ms: number) => (now += ms) };
  };

  it('reads an integration once, then every integration in use together at each refresh', async () => {
    const ids = await integrations(50);
    const directory = new IntegrationDirectory(counted, clock);
    frozenTime();
    counted.statements = 0;
    for (let round = 0; round < 10; round += 1) {
      for (const id of ids) {
        const known = await directory.find(id);
        expect(known?.integration.integrationId).toBe(id);
        expect(known?.credentials).toEqual([
          expect.objectContaining({ kind: 'token', secretHash: `hash-${id}` }),
        ]);
      }
    }
    expect(counted.statements).toBe(2 * ids.length); // the first delivery of each, alone
    counted.statements = 0;
    await directory.refresh();
    expect(counted.statements).toBe(3); // the revision, then all 50 in two statements
    counted.statements = 0;
    await directory.refresh();
    await directory.refresh();
    expect(counted.statements).toBe(2); // nothing changed: the revision alone, each time
  });

  it('reads them all again after any change to an integration or a credential, wherever made', async () => {
    const [id, other] = await integrations(2);
    const directory = new IntegrationDirectory(counted, clock);
    frozenTime();
    await directory.find(id);
    await directory.refresh();
    const reads = async () => {
      counted.statements = 0;
      await directory.refresh();
      return counted.statements;
    };
    expect(await reads()).toBe(1);

    // A credential of an integration this directory does not even serve.
    const credentialId = crypto.randomUUID();
    await integrationStore.insertCredential(
      opened.database,
      other,
      { id: credentialId, kind: 'token', secretHash: `hash-2-${other}` },
      clock.now(),
    );
    expect(await reads()).toBe(3);
    expect(await reads()).toBe(1);

    await integrationStore.expireAllExcept(opened.database, id, [], clock.now());
    expect(await reads()).toBe(3);
    expect((await directory.find(id))?.credentials).toEqual([]);

    await integrationStore.setEnabled(opened.database, id, false, clock.now());
    expect(await reads()).toBe(3);
    expect((await directory.find(id))?.integration.enabled).toBe(false);
    expect(await reads()).toBe(1);
  });

  it('brings a change made elsewhere at the refresh, and reads alone a read older than INTEGRATION_CACHE_MS', async () => {
    const [id] = await integrations(1);
    const directory = new IntegrationDirectory(counted, clock);
    const time = frozenTime();
    expect((await directory.find(id))?.integration.enabled).toBe(true);
    await integrationStore.setEnabled(opened.database, id, false, clock.now());
    expect((await directory.find(id))?.integration.enabled).toBe(true);
    await directory.refresh();
    expect((await directory.find(id))?.integration.enabled).toBe(false);

    // No refresh (say the database was slow): past INTEGRATION_CACHE_MS a delivery reads alone.
    await integrationStore.setEnabled(opened.database, id, true, clock.now());
    time.pass(INTEGRATION_CACHE_MS - 1);
    expect((await directory.find(id))?.integration.enabled).toBe(false);
    time.pass(1);
    expect((await directory.find(id))?.integration.enabled).toBe(true);
  });

  it('remembers an unknown id, and takes ids in any case', async () => {
    const [id] = await integrations(1);
    const directory = new IntegrationDirectory(counted, clock);
    frozenTime();
    counted.statements = 0;
    const unknown = crypto.randomUUID();
    expect(await directory.find(unknown)).toBeUndefined();
    expect(await directory.find(unknown)).toBeUndefined();
    expect(counted.statements).toBe(2);
    expect((await directory.find(id.toUpperCase()))?.integration.integrationId).toBe(id);
  });

  it('stops refreshing an integration unused for a minute', async () => {
    const [id] = await integrations(1);
    const directory = new IntegrationDirectory(counted, clock);
    const time = frozenTime();
    await directory.find(id);
    time.pass(61_000);
    counted.statements = 0;
    await directory.refresh();
    expect(counted.statements).toBe(0);
    await directory.find(id);
    expect(counted.statements).toBe(2);
  });
});
