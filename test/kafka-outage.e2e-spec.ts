import type { INestApplication } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DATABASE, type Database } from '@sitrep/platform';
import {
  CHECKPOINT_STORE,
  EVENT_STORE,
  type CheckpointStore,
  type EventStore,
} from '@sitrep/event-store';
import { incidentProjections, incidentStreamId } from '@sitrep/incident';
import { fromCloudEvent, ProjectionMaintenance } from '@sitrep/messaging';
import { SitrepModule } from '../apps/sitrep/src/sitrep.module';
import { createTestDatabase, dropTestDatabase } from '@sitrep/testing';
import { bootApp, TEST_ADMIN_TOKEN } from './support/boot-sitrep';
import { OwnKafkaBroker } from './support/own-kafka-broker';

const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

describe('Kafka stopped while commands run', () => {
  const broker = new OwnKafkaBroker();
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let db: Database;

  let databaseUrl: string;
  const previousBrokers = process.env.KAFKA_BROKERS;

  // Its own broker and its own database: verify compares every row, and other suites write too.
  beforeAll(async () => {
    databaseUrl = await createTestDatabase('sitrep_outage');
    await broker.start();
    process.env.KAFKA_BROKERS = broker.brokers;
    app = await bootApp(SitrepModule, databaseUrl);
    http = request(app.getHttpServer());
    db = app.get<Database>(DATABASE);
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await broker.destroy();
    await dropTestDatabase(databaseUrl);
    process.env.KAFKA_BROKERS = previousBrokers;
  }, 60_000);

  const declare = async (title: string): Promise<string> =>
    (await http.post('/api/v1/incidents').set(admin).send({ title, severity: 'SEV2' }).expect(201))
      .body.id;

  async function timelineLength(id: string): Promise<number> {
    const [row] = await db.query<{ n: string }>(
      'SELECT count(*) AS n FROM incident_timeline WHERE incident_id = $1',
      [id],
    );
    return Number(row.n);
  }

  async function until(
    check: () => Promise<boolean>,
    what: string,
    timeoutMs = 90_000,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async function publishedEvents(topic: string) {
    const kafka = new Kafka({
      clientId: 'outage-check',
      brokers: [broker.brokers],
      logLevel: logLevel.NOTHING,
    });
    const consumer = kafka.consumer({ groupId: `outage-check-${randomUUID()}` });
    const seen: Array<{ key: string; eventId: string; position: number }> = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const event = fromCloudEvent(message.value!);
        seen.push({
          key: message.key!.toString(),
          eventId: event.eventId,
          position: event.streamPosition,
        });
      },
    });
    return { seen, stop: () => consumer.disconnect() };
  }

  it('commands keep succeeding; after the restart every event is published once, in order, and the read models converge', async () => {
    const before = await Promise.all([1, 2, 3].map((n) => declare(`before outage ${n}`)));

    await broker.stop();
    const during = await Promise.all([1, 2, 3].map((n) => declare(`during outage ${n}`)));
    await Promise.all(
      [...before, ...during].map((id) =>
        http.post(`/api/v1/incidents/${id}/acknowledge`).set(admin).expect(200),
      ),
    );
    await broker.start();

    const ids = [...before, ...during];
    const store = app.get<EventStore>(EVENT_STORE);
    const streams = await Promise.all(ids.map((id) => store.readStream(incidentStreamId(id))));
    await until(
      async () =>
        (await Promise.all(ids.map(timelineLength))).every((n, i) => n === streams[i].length),
      'the timelines to catch up',
    );

    const expected = new Map(streams.flat().map((e) => [e.eventId, e]));
    const { seen, stop } = await publishedEvents(process.env.KAFKA_EVENTS_TOPIC!);
    try {
      await until(
        async () => [...expected.keys()].every((id) => seen.some((s) => s.eventId === id)),
        'every event on the topic',
      );
      const mine = seen.filter((s) => expected.has(s.eventId));
      expect(new Set(mine.map((s) => s.eventId)).size).toBe(mine.length);
      for (const id of ids) {
        const positions = mine.filter((s) => s.key === incidentStreamId(id)).map((s) => s.position);
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
      }
    } finally {
      await stop();
    }

    // Converged means: every read model equals a rebuild from the event store (each projection
    // is its own consumer group and catches up at its own pace after the outage).
    const maintenance = new ProjectionMaintenance(
      db,
      store,
      app.get<CheckpointStore>(CHECKPOINT_STORE),
    );
    const differingRows = async () => {
      let total = 0;
      for (const P of incidentProjections) {
        for (const report of await maintenance.verify(new P())) total += report.differingRows;
      }
      return total;
    };
    await until(async () => (await differingRows()) === 0, 'verify to report no differing rows');
    expect(await differingRows()).toBe(0);
  }, 240_000);
});
