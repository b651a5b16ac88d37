import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { OpenedDatabase } from '@sitrep/platform';
import {
  eventStoreMigrations,
  PostgresCheckpointStore,
  PostgresEventStore,
  type LogPosition,
} from '@sitrep/event-store';
import { openTestDatabase } from '@sitrep/testing';
import { fromCloudEvent } from './cloud-event';
import { EventLogForwarder, type EventLogForwarderOptions } from './event-log-forwarder';
import * as fx from './kafka.int-fixtures';
import { ensureTopics } from './kafka-topics';

jest.setTimeout(30_000);

describe('EventLogForwarder: the event log, relayed to Kafka', () => {
  let db: OpenedDatabase;
  let store: PostgresEventStore;
  let checkpoints: PostgresCheckpointStore;
  let kafka: Kafka;
  const databaseUrl = process.env.SITREP_TEST_DATABASE_URL ?? '';
  const started: EventLogForwarder[] = [];

  beforeAll(async () => {
    db = await openTestDatabase(eventStoreMigrations, 8);
    store = new PostgresEventStore(db.database);
    checkpoints = new PostgresCheckpointStore(db.database);
    kafka = fx.kafkaAt(fx.BROKERS);
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((f) => f.stop()));
  });
  afterAll(() => db.dataSource.destroy());

  function forwarder(
    topic: string,
    options: Partial<EventLogForwarderOptions> = {},
    on: Kafka = kafka,
  ): EventLogForwarder {
    const created = new EventLogForwarder(on, db.database, store, checkpoints, {
      topic,
      databaseUrl,
      ...options,
    });
    started.push(created);
    return created;
  }

  /** Appends `rounds` small batches to each stream, interleaving streams so commit order mixes them. */
  async function appendInterleaved(
    streams: string[],
    rounds: number,
    perRound: number,
  ): Promise<string[]> {
    const ids: string[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const stream of streams) {
        const batch = fx.newEvents(perRound, round * perRound + 1);
        await store.append(stream, batch, round === 0 ? 'no-stream' : round * perRound);
        ids.push(...batch.map((e) => e.eventId));
      }
    }
    return ids;
  }

  async function forwardUntil(f: EventLogForwarder, last: LogPosition): Promise<void> {
    await fx.until(
      async () => {
        await f.forwardOnce();
        return fx.isAtOrAfter(await checkpoints.read(f.checkpointName), last);
      },
      15_000,
      'the forwarder to pass the last appended event',
    );
  }

  /** The topic's messages for the given streams, checked for keys, order and single delivery. */
  async function expectDeliveredOnceInOrder(
    topic: string,
    streams: string[],
    eventIds: string[],
  ): Promise<void> {
    const messages = (await fx.readTopic(kafka, topic)).filter((m) => streams.includes(m.key));
    const events = messages.map((m) => ({ message: m, event: fromCloudEvent(m.value) }));
    expect(events.map((e) => e.event.eventId).sort()).toEqual([...eventIds].sort());
    for (const stream of streams) {
      const ofStream = events.filter((e) => e.event.streamId === stream);
      const stored = await store.readStream(stream);
      expect(ofStream.map((e) => e.event)).toEqual(stored);
      expect(new Set(ofStream.map((e) => e.message.partition)).size).toBe(1);
      expect(
        ofStream.every(
          (e) =>
            e.message.key === stream && e.message.headers.ce_type === 'sitrep.SomethingHappened',
        ),
      ).toBe(true);
    }
  }

  it('appended events reach the topic as CloudEvents, each once, in stream order, keyed by stream id', async () => {
    const topic = await fx.freshTopic(kafka);
    const f = forwarder(topic, { batchSize: 7 });
    const head = await fx.checkpointAtHead(store, checkpoints, f.checkpointName);
    const streams = Array.from({ length: 4 }, () => `incident-${randomUUID()}`);
    const ids = await appendInterleaved(streams, 3, 2);
    const last = await fx.visibleAfter(store, head, ids);

    await forwardUntil(f, last);

    await expectDeliveredOnceInOrder(topic, streams, ids);
    const checkpoint = await checkpoints.read(f.checkpointName);
    const after = await fx.readToEnd(store, checkpoint);
    expect(after.events.filter((e) => ids.includes(e.eventId))).toEqual([]);
    expect((await f.status()).position).toEqual(checkpoint);
  });

  it('publishes large events in sends the broker accepts, where one send of them all was refused', async () => {
    const topic = await fx.freshTopic(kafka, 1);
    const f = forwarder(topic);
    const head = await fx.checkpointAtHead(store, checkpoints, f.checkpointName);
    const stream = `incident-${randomUUID()}`;
    // Three of 400 KB: the broker takes at most 1 MiB per partition and send.
    const events = fx.newEvents(3).map((event, i) => ({
      ...event,
      data: { ...event.data, text: `${i}`.repeat(400 * 1024) },
    }));
    await store.append(stream, events, 'no-stream');
    const last = await fx.visibleAfter(
      store,
      head,
      events.map((e) => e.eventId),
    );

    await forwardUntil(f, last);

    await expectDeliveredOnceInOrder(
      topic,
      [stream],
      events.map((e) => e.eventId),
    );
  });

  it('publishes the streams of a route to `<topic>.<route>` and the rest to the topic, each in order', async () => {
    const topic = await fx.freshTopic(kafka);
    const routed = `${topic}.alerts`;
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [routed], { partitions: 3 });
    } finally {
      await admin.disconnect();
    }
    const f = forwarder(topic, {
      batchSize: 5,
      routes: [{ name: 'alerts', streamPrefix: 'alert-' }],
    });
    const head = await fx.checkpointAtHead(store, checkpoints, f.checkpointName);
    const incidents = [`incident-${randomUUID()}`, `incident-${randomUUID()}`];
    const alerts = [`alert-${randomUUID()}`, `alert-group-${randomUUID()}`];
    const ids = await appendInterleaved([...incidents, ...alerts], 3, 2);
    await forwardUntil(f, await fx.visibleAfter(store, head, ids));

    const idsOf = async (streams: string[]) =>
      (await Promise.all(streams.map((s) => store.readStream(s)))).flat().map((e) => e.eventId);
    await expectDeliveredOnceInOrder(topic, incidents, await idsOf(incidents));
    await expectDeliveredOnceInOrder(routed, alerts, await idsOf(alerts));
    const keys = async (t: string) => (await fx.readTopic(kafka, t)).map((m) => m.key);
    expect((await keys(topic)).filter((key) => alerts.includes(key))).toEqual([]);
    expect((await keys(routed)).filter((key) => incidents.includes(key))).toEqual([]);
  });

  it('while Kafka is unreachable appends succeed and the checkpoint stays; later everything is published, nothing skipped', async () => {
    const topic = await fx.freshTopic(kafka);
    const unreachable = fx.kafkaAt(['127.0.0.1:1'], {
      connectionTimeout: 300,
      retry: { retries: 1, initialRetryTime: 50 },
    });
    const down = forwarder(
      topic,
      { producerRetry: { retries: 1, initialRetryTime: 50, maxRetryTime: 200 } },
      unreachable,
    );
    const head = await fx.checkpointAtHead(store, checkpoints, down.checkpointName);
    const streams = [`incident-${randomUUID()}`, `incident-${randomUUID()}`];
    const ids = await appendInterleaved(streams, 2, 3);
    await fx.visibleAfter(store, head, ids);

    await expect(down.forwardOnce()).rejects.toThrow();
    await expect(down.forwardOnce()).rejects.toThrow();
    expect(await checkpoints.read(down.checkpointName)).toEqual(head);
    const lateStream = `incident-${randomUUID()}`;
    const more = await appendInterleaved([lateStream], 1, 4);
    const status = await down.status();
    expect(status.lastError).toEqual(expect.any(String));
    expect(status.lagEvents).toBeGreaterThanOrEqual(ids.length + more.length);
    await down.stop();

    const up = forwarder(topic, { batchSize: 5 });
    const last = await fx.visibleAfter(store, head, [...ids, ...more]);
    await forwardUntil(up, last);
    await expectDeliveredOnceInOrder(topic, [...streams, lateStream], [...ids, ...more]);
  });

  it('a send the broker does not acknowledge leaves the checkpoint where it was', async () => {
    const topic = `sitrep.test-${randomUUID()}`;
    const f = forwarder(topic, {
      producerRetry: { retries: 1, initialRetryTime: 50, maxRetryTime: 200 },
    });
    const head = await fx.checkpointAtHead(store, checkpoints, f.checkpointName);
    const stream = `incident-${randomUUID()}`;
    const ids = await appendInterleaved([stream], 1, 3);
    const last = await fx.visibleAfter(store, head, ids);

    await expect(f.forwardOnce()).rejects.toThrow();
    expect(await checkpoints.read(f.checkpointName)).toEqual(head);

    const admin = kafka.admin();
    await admin.connect();
    try {
      expect(await ensureTopics(admin, [topic], { partitions: 2 })).toEqual([topic]);
      expect(await ensureTopics(admin, [topic], { partitions: 2 })).toEqual([]);
    } finally {
      await admin.disconnect();
    }
    await forwardUntil(f, last);
    await expectDeliveredOnceInOrder(topic, [stream], ids);
  });

  it('of two forwarders on one topic only the lock holder publishes, and no event goes out twice', async () => {
    const topic = await fx.freshTopic(kafka);
    const options = { pollIntervalMs: 50, standbyRetryMs: 100 };
    const [a, b] = [forwarder(topic, options), forwarder(topic, options)];
    const head = await fx.checkpointAtHead(store, checkpoints, a.checkpointName);
    a.start();
    b.start();
    await fx.until(
      async () => a.isPublisher !== b.isPublisher,
      5_000,
      'one forwarder to take the lock',
    );

    const streams = Array.from({ length: 3 }, () => `incident-${randomUUID()}`);
    const ids: string[] = [];
    for (let round = 0; round < 4; round++) {
      for (const stream of streams) {
        const batch = fx.newEvents(2, round * 2 + 1);
        await store.append(stream, batch, round === 0 ? 'no-stream' : round * 2);
        ids.push(...batch.map((e) => e.eventId));
      }
      await fx.sleep(60);
    }
    const last = await fx.visibleAfter(store, head, ids);
    await fx.until(
      async () => fx.isAtOrAfter(await checkpoints.read(a.checkpointName), last),
      15_000,
      'forwarding',
    );

    const [publisher, standby] = a.isPublisher ? [a, b] : [b, a];
    expect((await publisher.status()).published).toBeGreaterThanOrEqual(ids.length);
    expect(await standby.status()).toMatchObject({ role: 'standby', published: 0 });
    await expectDeliveredOnceInOrder(topic, streams, ids);
  });
});
