import { randomUUID } from 'node:crypto';
import type { OpenedDatabase } from '@sitrep/platform';
import {
  eventStoreMigrations,
  PostgresCheckpointStore,
  PostgresEventStore,
  type NewEvent,
} from '@sitrep/event-store';
import { openTestDatabase } from '@sitrep/testing';
import { CountingProjection } from './counting.projection.int-fixtures';
import { ParkedEvents } from './parked-events';
import { parkedEventMigrations } from './parked-events.migrations';
import { retryParked } from './retry-parked';
import { readModelCatalogMigrations } from '../catalog/read-model-catalog.migrations';
import { GlobalLogSubscription } from '../in-process/global-log-subscription';

const newEvents = (count: number): NewEvent[] =>
  Array.from({ length: count }, (_, i) => ({
    eventId: randomUUID(),
    type: 'SomethingCounted',
    data: { n: i + 1 },
  }));

describe('GlobalLogSubscription: the in-process transport retries and parks like Kafka', () => {
  let db: OpenedDatabase;
  let projection: CountingProjection;
  let store: PostgresEventStore;
  let checkpoints: PostgresCheckpointStore;

  beforeEach(async () => {
    projection = new CountingProjection();
    db = await openTestDatabase([
      ...eventStoreMigrations,
      ...readModelCatalogMigrations,
      ...parkedEventMigrations,
      projection.migration,
    ]);
    store = new PostgresEventStore(db.database);
    checkpoints = new PostgresCheckpointStore(db.database);
  });
  afterEach(() => db.dataSource.destroy());

  it('a poison event is parked, the checkpoint moves past it, and later events are applied', async () => {
    const [bad, good] = [projection.stream(), projection.stream()];
    const badEvents = newEvents(2);
    const goodEvents = newEvents(3);
    await store.append(bad, badEvents, 'no-stream');
    const { lastGlobalPosition } = await store.append(good, goodEvents, 'no-stream');
    projection.poison.add(badEvents[0].eventId);
    const subscription = new GlobalLogSubscription(projection, db.database, store, checkpoints, {
      applier: { initialDelayMs: 1, maxDelayMs: 2 },
    });

    await subscription.catchUp();

    const rows = await projection.rows(db.database);
    expect(rows[good]).toMatchObject({ n: 3, lastPosition: 3 });
    expect(rows[bad]).toBeUndefined();
    const parked = await new ParkedEvents(db.database).list(projection.name);
    expect(parked.map((p) => [p.eventId, p.blockedBy])).toEqual([
      [badEvents[0].eventId, null],
      [badEvents[1].eventId, badEvents[0].eventId],
    ]);
    expect(
      (await checkpoints.read(subscription.checkpointName)).globalPosition,
    ).toBeGreaterThanOrEqual(lastGlobalPosition);
    expect(await subscription.catchUp()).toBe(0);

    projection.poison.clear();
    await retryParked(db.database, projection, badEvents[0].eventId);
    expect((await projection.rows(db.database))[bad]).toMatchObject({ n: 2, lastPosition: 2 });
  });

  it('a waiter for a parked event is told it was not projected', async () => {
    const stream = projection.stream();
    const events = newEvents(1);
    projection.poison.add(events[0].eventId);
    const { lastGlobalPosition } = await store.append(stream, events, 'no-stream');
    const subscription = new GlobalLogSubscription(projection, db.database, store, checkpoints, {
      applier: { initialDelayMs: 1 },
    });
    const waiting = subscription.waitFor(lastGlobalPosition, 10_000);

    await subscription.catchUp();

    await expect(waiting).resolves.toBe(false);
  });
});
