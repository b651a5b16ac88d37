import type { Kafka, Producer } from 'kafkajs';
import type { OpenedDatabase } from '@sitrep/platform';
import type { RecordedEvent } from '@sitrep/event-store';
import { eventStoreMigrations } from '@sitrep/event-store';
import { openTestDatabase } from '@sitrep/testing';
import { CountingProjection, recordedEvents } from '../applying/counting.projection.int-fixtures';
import { ParkedEvents } from '../applying/parked-events';
import { parkedEventMigrations } from '../applying/parked-events.migrations';
import { retryParked } from '../applying/retry-parked';
import { readModelCatalogMigrations } from '../catalog/read-model-catalog.migrations';
import type { ProjectionMetricsRecorder } from '../applying/projection-applier';
import { SitrepMetrics } from '../metrics/sitrep-metrics';
import type { Projection } from '../projection';
import { toCloudEvent } from './cloud-event';
import * as fx from './kafka.int-fixtures';
import { KafkaProjectionConsumer } from './kafka-projections.consumer';
import { kafkaProjectionMigrations } from './kafka-projections.migrations';
import { KafkaProjectionsRunner } from './kafka-projections.runner';
import { partitionOfStream } from './stream-partitioner';

jest.setTimeout(60_000);

describe('KafkaProjectionConsumer: read models kept from the topic, one consumer group per projection', () => {
  let db: OpenedDatabase;
  let kafka: Kafka;
  let producer: Producer;
  let projection: CountingProjection;
  let parked: ParkedEvents;
  let topic: string;
  const started: Array<{ stop(): Promise<void> }> = [];

  beforeAll(async () => {
    kafka = fx.kafkaAt(fx.BROKERS);
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
  });
  afterAll(() => producer.disconnect());

  beforeEach(async () => {
    projection = new CountingProjection();
    db = await openTestDatabase([
      ...eventStoreMigrations,
      ...readModelCatalogMigrations,
      ...parkedEventMigrations,
      ...kafkaProjectionMigrations,
      projection.migration,
    ]);
    parked = new ParkedEvents(db.database);
    topic = await fx.freshTopic(kafka, 3);
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((c) => c.stop()));
    await db.dataSource.destroy();
  });

  function consumer(
    metrics?: ProjectionMetricsRecorder,
    subBatchSize = 7,
  ): KafkaProjectionConsumer {
    const created = new KafkaProjectionConsumer(kafka, db.database, projection, {
      topic,
      sessionTimeout: 6_000,
      heartbeatInterval: 300,
      subBatchSize,
      applier: { initialDelayMs: 5, maxDelayMs: 20 },
      metrics,
    });
    started.push(created);
    return created;
  }

  async function produce(events: RecordedEvent[], to = topic): Promise<void> {
    await producer.send({
      topic: to,
      acks: -1,
      messages: events.map((e) => ({ key: e.streamId, value: JSON.stringify(toCloudEvent(e)) })),
    });
  }

  const rows = () => projection.rows(db.database);

  /** A runner of these projections on the test topic (it creates the topics they read). */
  async function startedRunner(projections: Projection[]): Promise<KafkaProjectionsRunner> {
    const runner = new KafkaProjectionsRunner(
      projections,
      db.database,
      { kafka: { brokers: fx.BROKERS } } as never,
      'kafka',
      undefined,
      { topic, sessionTimeout: 6_000, heartbeatInterval: 300, kafka: { logLevel: 0 } },
    );
    started.push({ stop: () => runner.onApplicationShutdown() });
    runner.onApplicationBootstrap();
    await runner.untilJoined();
    return runner;
  }

  async function untilCounted(expected: Record<string, number>, timeoutMs = 20_000): Promise<void> {
    await fx.until(
      async () => {
        const current = await rows();
        return Object.entries(expected).every(([stream, n]) => current[stream]?.n === n);
      },
      timeoutMs,
      'the read model to count every event',
    );
  }

  it('events on the topic build the read model, and the offsets are stored with it', async () => {
    const streams = [projection.stream(), projection.stream(), projection.stream()];
    const events = streams.flatMap((s) => recordedEvents(s, 5));
    const c = consumer();
    await c.start();

    await produce([...events, ...recordedEvents('someone-else-1', 2)]);

    expect(await c.waitFor(events[events.length - 1].globalPosition, 20_000)).toBe(true);
    await untilCounted(Object.fromEntries(streams.map((s) => [s, 5])));
    const offsets = await db.database.query<{ next: number }>(
      `SELECT sum(next_offset)::int AS next FROM projection_offsets WHERE projection = $1 AND topic = $2`,
      [projection.name, topic],
    );
    expect(offsets[0].next).toBe(17);
    expect(c.status()).toMatchObject({
      groupId: `sitrep.projection.${projection.name}`,
      assignedPartitions: [0, 1, 2],
      applied: 15,
      parked: 0,
    });
  });

  it('the partitions of one fetch are applied in one transaction, with each partition’s offset', async () => {
    // 30 streams: all 3 partitions get events (a partition left empty has odds of 2 in 100,000).
    const streams = Array.from({ length: 30 }, () => projection.stream());
    await produce(streams.flatMap((s) => recordedEvents(s, 2)));
    const batches: number[] = [];
    const c = consumer(
      { observeBatch: (_name, applied) => batches.push(applied), observeParked: () => undefined },
      500,
    );
    await c.start();

    await untilCounted(Object.fromEntries(streams.map((s) => [s, 2])));
    expect(batches).toEqual([60]);
    const offsets = await db.database.query<{ partition: number; next: number }>(
      `SELECT partition, next_offset::int AS next FROM projection_offsets
        WHERE projection = $1 AND topic = $2 ORDER BY partition`,
      [projection.name, topic],
    );
    expect(offsets.map((o) => o.partition)).toEqual([0, 1, 2]);
    expect(offsets.reduce((sum, o) => sum + o.next, 0)).toBe(60);
  });

  it('an event delivered twice changes nothing', async () => {
    const stream = projection.stream();
    const events = recordedEvents(stream, 3);
    const c = consumer();
    await c.start();

    await produce(events);
    await produce([events[1], events[2]]);
    const marker = recordedEvents(stream, 1, 4);
    await produce(marker);

    expect(await c.waitFor(marker[0].globalPosition, 20_000)).toBe(true);
    expect((await rows())[stream]).toEqual({
      n: 4,
      lastPosition: 4,
      eventIds: [...events, ...marker].map((e) => e.eventId),
    });
  });

  it('a poison event is retried, then parked; later events are applied; a retry after the fix applies it', async () => {
    const [bad, good] = [projection.stream(), projection.stream()];
    const badEvents = recordedEvents(bad, 2);
    projection.poison.add(badEvents[0].eventId);
    const metrics = new SitrepMetrics({ parkedByProjection: () => parked.count() });
    const c = consumer(metrics);
    await c.start();

    await produce(badEvents);
    const later = recordedEvents(good, 3);
    await produce(later);

    expect(await c.waitFor(badEvents[0].globalPosition, 20_000)).toBe(false);
    await untilCounted({ [good]: 3 });
    expect((await rows())[bad]).toBeUndefined();
    expect(await parked.list(projection.name)).toEqual([
      expect.objectContaining({ eventId: badEvents[0].eventId, attempts: 4, blockedBy: null }),
      expect.objectContaining({ eventId: badEvents[1].eventId, blockedBy: badEvents[0].eventId }),
    ]);
    const text = await metrics.text();
    expect(text).toContain(`sitrep_projection_parked_events{projection="${projection.name}"} 2`);
    expect(text).toContain(
      `sitrep_projection_events_applied_total{projection="${projection.name}"} 3`,
    );

    projection.poison.clear();
    const outcome = await retryParked(db.database, projection, badEvents[0].eventId);

    expect(outcome.applied).toEqual(badEvents.map((e) => e.eventId));
    expect((await rows())[bad]).toMatchObject({ n: 2, lastPosition: 2 });
    expect(await parked.list(projection.name)).toEqual([]);
  });

  it('a message that is not a readable CloudEvent is parked and the partition moves on', async () => {
    const stream = projection.stream();
    const c = consumer();
    await c.start();

    await producer.send({ topic, messages: [{ key: stream, value: '{"not":"a cloud event"}' }] });
    await produce(recordedEvents(stream, 2));

    await untilCounted({ [stream]: 2 });
    const list = await parked.list(projection.name);
    expect(list).toEqual([
      expect.objectContaining({
        type: '<unreadable>',
        streamId: null,
        error: expect.stringContaining('not a Sitrep CloudEvent'),
        payload: { raw: '{"not":"a cloud event"}' },
      }),
    ]);
  });

  it('a second instance joining the group (rebalance) and the first leaving lose nothing and apply nothing twice', async () => {
    const streams = Array.from({ length: 9 }, () => projection.stream());
    const expected: Record<string, number> = {};
    const a = consumer();
    await a.start();
    for (const s of streams) expected[s] = 0;
    const round = async (count: number) => {
      const events = streams.flatMap((s) => recordedEvents(s, count, expected[s] + 1));
      for (const s of streams) expected[s] += count;
      await produce(events);
    };

    await round(5);
    const b = consumer();
    const joining = b.start();
    for (let i = 0; i < 5; i++) {
      await round(2);
      await fx.sleep(100);
    }
    await joining;
    await fx.until(
      async () =>
        b.status().assignedPartitions.length > 0 && a.status().assignedPartitions.length > 0,
      20_000,
      'the partitions to be shared',
    );
    await round(3);
    await untilCounted(expected);
    await a.stop();
    await round(2);

    await untilCounted(expected);
    expect(b.status().assignedPartitions).toEqual([0, 1, 2]);
    for (const [stream, row] of Object.entries(await rows())) {
      expect(row.n).toBe(expected[stream]);
      expect(new Set(row.eventIds).size).toBe(row.n);
    }
  });

  it('the runner starts a consumer per projection and answers read-your-writes', async () => {
    const second = new CountingProjection();
    await openTestDatabase([second.migration]).then((d) => d.dataSource.destroy());
    const runner = await startedRunner([projection, second]);
    const [mine, theirs] = [
      recordedEvents(projection.stream(), 1),
      recordedEvents(second.stream(), 1),
    ];

    await produce([...mine, ...theirs]);

    expect(await runner.waitUntilProjected(theirs[0].globalPosition, { timeoutMs: 20_000 })).toBe(
      true,
    );
    expect(runner.status().map((s) => s.groupId)).toEqual([
      `sitrep.projection.${projection.name}`,
      `sitrep.projection.${second.name}`,
    ]);
    expect((await second.rows(db.database))[theirs[0].streamId]?.n).toBe(1);
    expect(await runner.waitUntilProjected(123, { timeoutMs: 50 })).toBe(false);
  });

  it('a projection with a route reads `<topic>.<route>`; read-your-writes waits only where the stream goes', async () => {
    const routed = new CountingProjection();
    const route = { name: 'counted', streamPrefix: `${routed.category}-` };
    Object.defineProperty(routed, 'route', { value: route });
    await openTestDatabase([routed.migration]).then((d) => d.dataSource.destroy());
    const runner = await startedRunner([projection, routed]);
    expect(runner.status().map((s) => s.topic)).toEqual([topic, `${topic}.counted`]);
    const [mine] = recordedEvents(projection.stream(), 1);
    const [theirs] = recordedEvents(routed.stream(), 1);

    await produce([mine]);
    await produce([theirs], `${topic}.counted`);

    expect(
      await runner.waitUntilProjected(theirs.globalPosition, {
        streamId: theirs.streamId,
        timeoutMs: 20_000,
      }),
    ).toBe(true);
    expect(
      await runner.waitUntilProjected(mine.globalPosition, {
        streamId: mine.streamId,
        timeoutMs: 20_000,
      }),
    ).toBe(true);
    expect((await routed.rows(db.database))[theirs.streamId]?.n).toBe(1);
    // Without the stream every consumer waits, and one never sees the other topic's position.
    expect(await runner.waitUntilProjected(theirs.globalPosition, { timeoutMs: 300 })).toBe(false);
  });

  it('read-your-writes does not wait on a partition another member of the group owns', async () => {
    const mine = await startedRunner([projection]);
    const other = await startedRunner([projection]);
    await fx.until(
      async () =>
        [mine, other].every((r) => r.consumers.every((c) => c.connected)) &&
        mine.status()[0].assignedPartitions.length + other.status()[0].assignedPartitions.length ===
          3,
      20_000,
      'the two members to share the partitions',
    );
    const owned = new Set(other.status()[0].assignedPartitions);
    let theirs: RecordedEvent | undefined;
    while (!theirs) {
      const [event] = recordedEvents(projection.stream(), 1);
      if (owned.has(partitionOfStream(event.streamId, 3))) theirs = event;
    }

    await produce([theirs]);

    const started = Date.now();
    const wait = { streamId: theirs.streamId, timeoutMs: 5_000 };
    expect(await mine.waitUntilProjected(theirs.globalPosition, wait)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await other.waitUntilProjected(theirs.globalPosition, wait)).toBe(true);
  });
});
