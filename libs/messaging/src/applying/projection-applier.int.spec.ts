import type { OpenedDatabase, Sql } from '@sitrep/platform';
import { eventStoreMigrations } from '@sitrep/event-store';
import { openTestDatabase } from '@sitrep/testing';
import { readModelCatalogMigrations } from '../catalog/read-model-catalog.migrations';
import { SitrepMetrics } from '../metrics/sitrep-metrics';
import { CountingProjection, recordedEvents } from './counting.projection.int-fixtures';
import { ParkedEvents } from './parked-events';
import { parkedEventMigrations } from './parked-events.migrations';
import { ProjectionApplier } from './projection-applier';
import { retryParked } from './retry-parked';

describe('ProjectionApplier: one transaction per batch, retried, poison events parked', () => {
  let db: OpenedDatabase;
  let projection: CountingProjection;
  let parked: ParkedEvents;
  let metrics: SitrepMetrics;
  let applier: ProjectionApplier;
  const delays: number[] = [];

  beforeEach(async () => {
    projection = new CountingProjection();
    db = await openTestDatabase([
      ...eventStoreMigrations,
      ...readModelCatalogMigrations,
      ...parkedEventMigrations,
      projection.migration,
    ]);
    await db.database.query(`CREATE TABLE IF NOT EXISTS applier_bookkeeping (k text PRIMARY KEY)`);
    parked = new ParkedEvents(db.database);
    metrics = new SitrepMetrics({ parkedByProjection: () => parked.count() });
    delays.length = 0;
    applier = new ProjectionApplier(
      projection,
      db.database,
      {
        attempts: 3,
        initialDelayMs: 10,
        maxDelayMs: 15,
        sleep: async (ms) => void delays.push(ms),
      },
      metrics,
    );
  });
  afterEach(() => db.dataSource.destroy());

  const mark = (key: string) => async (tx: Sql) => {
    await tx.query(`INSERT INTO applier_bookkeeping (k) VALUES ($1)`, [key]);
  };
  const marked = async (key: string) =>
    (await db.database.query(`SELECT 1 FROM applier_bookkeeping WHERE k = $1`, [key])).length === 1;

  it('applies only the events the projection handles, together with the bookkeeping', async () => {
    const stream = projection.stream();
    const events = [...recordedEvents(stream, 3), ...recordedEvents('other-1', 2)];
    const key = `k-${stream}`;

    const outcome = await applier.apply(events, mark(key));

    expect(outcome.applied).toHaveLength(3);
    expect(outcome.parked).toEqual([]);
    expect((await projection.rows(db.database))[stream]).toMatchObject({ n: 3, lastPosition: 3 });
    expect(await marked(key)).toBe(true);
  });

  it('delivering the same batch twice changes nothing', async () => {
    const stream = projection.stream();
    const events = recordedEvents(stream, 4);
    await applier.apply(events);
    await applier.apply(events);
    expect((await projection.rows(db.database))[stream]).toMatchObject({ n: 4, lastPosition: 4 });
  });

  it('a passing failure is retried with capped exponential backoff and nothing is parked', async () => {
    const stream = projection.stream();
    projection.failNextCalls = 2;

    const outcome = await applier.apply(recordedEvents(stream, 2));

    expect(delays).toEqual([10, 15]);
    expect(outcome.parked).toEqual([]);
    expect((await projection.rows(db.database))[stream].n).toBe(2);
    expect((await parked.count())[projection.name]).toBeUndefined();
  });

  it('a poison event is parked with its error in the bookkeeping transaction; the rest is applied', async () => {
    const [bad, good] = [projection.stream(), projection.stream()];
    const badEvents = recordedEvents(bad, 3);
    const goodEvents = recordedEvents(good, 2);
    projection.poison.add(badEvents[1].eventId);
    const key = `k-${bad}`;

    const outcome = await applier.apply([...badEvents, ...goodEvents], mark(key));

    // three tries of the batch, then one by one: the blocked third event is not even tried
    expect(projection.calls).toBe(3 + 4);
    expect(outcome.parked.map((e) => e.eventId)).toEqual([
      badEvents[1].eventId,
      badEvents[2].eventId,
    ]);
    expect(await marked(key)).toBe(true);
    const rows = await projection.rows(db.database);
    expect(rows[good]).toMatchObject({ n: 2, lastPosition: 2 });
    expect(rows[bad]).toMatchObject({ n: 1, lastPosition: 1 });
    const list = await parked.list(projection.name);
    expect(list).toEqual([
      expect.objectContaining({
        eventId: badEvents[1].eventId,
        streamId: bad,
        streamPosition: 2,
        globalPosition: badEvents[1].globalPosition,
        type: 'SomethingCounted',
        attempts: 4,
        blockedBy: null,
        error: expect.stringContaining('poison event'),
        payload: expect.objectContaining({ eventId: badEvents[1].eventId, data: { n: 2 } }),
      }),
      expect.objectContaining({ eventId: badEvents[2].eventId, blockedBy: badEvents[1].eventId }),
    ]);
    expect(await metrics.text()).toContain(
      `sitrep_projection_parked_events{projection="${projection.name}"} 2`,
    );
  });

  it('later events of a stream with a parked event wait behind it; other streams go on', async () => {
    const bad = projection.stream();
    const first = recordedEvents(bad, 1);
    projection.poison.add(first[0].eventId);
    await applier.apply(first);

    const later = recordedEvents(bad, 2, 2);
    const other = recordedEvents(projection.stream(), 1);
    const outcome = await applier.apply([...later, ...other]);

    expect(outcome.parked.map((e) => e.eventId)).toEqual(later.map((e) => e.eventId));
    expect(outcome.applied.map((e) => e.eventId)).toEqual([other[0].eventId]);
    expect((await projection.rows(db.database))[bad]).toBeUndefined();
  });

  it('retrying a parked event after the fix applies it and the events behind it, and un-parks them', async () => {
    const bad = projection.stream();
    const events = recordedEvents(bad, 3);
    projection.poison.add(events[0].eventId);
    await applier.apply(events);
    await expect(retryParked(db.database, projection, events[1].eventId)).rejects.toThrow(
      /waits behind the earlier parked event/,
    );
    const failedAgain = await retryParked(db.database, projection, events[0].eventId);
    expect(failedAgain).toMatchObject({ applied: [], error: expect.stringContaining('poison') });

    projection.poison.clear();
    const outcome = await retryParked(db.database, projection, events[0].eventId);

    expect(outcome).toEqual({
      applied: events.map((e) => e.eventId),
      error: null,
      stillParked: [],
    });
    expect((await projection.rows(db.database))[bad]).toMatchObject({ n: 3, lastPosition: 3 });
    expect(await parked.list(projection.name)).toEqual([]);
  });

  it('an error that is not the event’s fault is thrown after the retries, not parked', async () => {
    const stream = projection.stream();
    projection.failNextCalls = 0;
    const broken = new ProjectionApplier(
      {
        ...projection,
        name: projection.name,
        tables: projection.tables,
        handles: (e) => projection.handles(e),
        applyBatch: async (tx) => void (await tx.query('SELECT * FROM no_such_table_here')),
      },
      db.database,
      { attempts: 2, initialDelayMs: 1, sleep: async () => undefined },
    );
    await expect(broken.apply(recordedEvents(stream, 1))).rejects.toMatchObject({ code: '42P01' });
    expect((await parked.count())[projection.name]).toBeUndefined();
  });

  it('a bookkeeping failure rolls back the read-model write and is thrown as it is', async () => {
    const stream = projection.stream();
    const failure = new Error('checkpoint moved');
    await expect(
      applier.apply(recordedEvents(stream, 1), async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect((await projection.rows(db.database))[stream]).toBeUndefined();
    expect(delays).toEqual([]);
  });
});
