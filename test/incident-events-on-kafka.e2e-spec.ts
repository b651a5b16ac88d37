import type { INestApplication } from '@nestjs/common';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { SitrepModule } from '../apps/sitrep/src/sitrep.module';
import { bootApp, TEST_ADMIN_TOKEN } from './support/boot-sitrep';

const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

describe('HTTP in, Kafka out: a declared incident is published as a CloudEvent', () => {
  let app: INestApplication;
  let consumer: Consumer;
  const seen: Array<{ key: string; value: Record<string, unknown> }> = [];

  beforeAll(async () => {
    app = await bootApp(SitrepModule);
    const kafka = new Kafka({
      clientId: 'sitrep-e2e',
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      logLevel: logLevel.NOTHING,
    });
    consumer = kafka.consumer({ groupId: `sitrep-e2e-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic: process.env.KAFKA_EVENTS_TOPIC!, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push({ key: message.key!.toString(), value: JSON.parse(message.value!.toString()) });
      },
    });
  }, 60_000);

  afterAll(async () => {
    await consumer.disconnect();
    await app.close();
  }, 30_000);

  async function eventually<T>(probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = probe();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error('timed out waiting for the Kafka message');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('declare and acknowledge over HTTP → both events on the topic, keyed by stream, in order', async () => {
    const { body } = await request(app.getHttpServer())
      .post('/api/v1/incidents')
      .set(admin)
      .send({ title: 'Kafka path', severity: 'SEV3' })
      .expect(201);
    await request(app.getHttpServer())
      .post(`/api/v1/incidents/${body.id}/acknowledge`)
      .set(admin)
      .expect(200);
    const stream = `incident-${body.id}`;
    const mine = await eventually(() => {
      const found = seen.filter((m) => m.key === stream);
      return found.length >= 4 ? found : undefined;
    });
    // Declaring under the default response plan also records the notify step and timebox 1.
    expect(mine.map((m) => m.value.type)).toEqual([
      'sitrep.IncidentDeclared',
      'sitrep.NotificationsRequested',
      'sitrep.InvestigationTimeboxStarted',
      'sitrep.IncidentAcknowledged',
    ]);
    expect(mine[0].value).toMatchObject({
      specversion: '1.0',
      subject: stream,
      streamposition: 1,
      data: { incidentId: body.id, title: 'Kafka path', severity: 'SEV3' },
    });
  }, 60_000);
});
