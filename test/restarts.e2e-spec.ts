import type { INestApplication } from '@nestjs/common';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { KafkaProjectionsRunner } from '@sitrep/messaging';
import { SitrepModule } from '../apps/sitrep/src/sitrep.module';
import { bootApp, TEST_ADMIN_TOKEN } from './support/boot-sitrep';
import { OwnKafkaBroker } from './support/own-kafka-broker';

const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

/**
 * A member of `groupId` in another process, SIGKILLed once it has joined: the group then waits out
 * its session (here 20 s) before anyone can join, as after a crashed Sitrep.
 */
async function killedMemberOf(groupId: string, topic: string): Promise<void> {
  const script = `
    const { Kafka, logLevel } = require('kafkajs');
    const kafka = new Kafka({ brokers: ['127.0.0.1:9092'], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    const consumer = kafka.consumer({ groupId: process.env.GROUP, sessionTimeout: 20000 });
    (async () => {
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: process.env.TOPIC, numPartitions: 6 }] });
      await admin.disconnect();
      consumer.on(consumer.events.GROUP_JOIN, () => process.stdout.write('joined\\n'));
      await consumer.connect();
      await consumer.subscribe({ topic: process.env.TOPIC });
      await consumer.run({ eachMessage: async () => undefined });
    })();`;
  const child: ChildProcess = spawn(process.execPath, ['-e', script], {
    env: { ...process.env, GROUP: groupId, TOPIC: topic },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('joined')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the member exited early (${code})`)));
  });
  child.kill('SIGKILL');
}

describe('a restart after a SIGKILL: HTTP does not wait for Kafka', () => {
  let app: INestApplication | undefined;
  afterAll(() => app?.close(), 60_000);

  it('answers /health and takes commands while the consumers wait to rejoin, and says so', async () => {
    process.env.KAFKA_EVENTS_TOPIC = `sitrep.e2e-restart-${randomUUID()}`;
    const prefix = `sitrep-e2e-${randomUUID()}`;
    await killedMemberOf(`${prefix}.projection.incident-timeline`, process.env.KAFKA_EVENTS_TOPIC);

    const started = Date.now();
    app = await bootApp(SitrepModule, undefined, { untilKafkaJoined: false, groupPrefix: prefix });
    const http = request(app.getHttpServer());
    const health = await http.get('/health').expect(200);
    const booted = Date.now() - started;

    expect(booted).toBeLessThan(10_000);
    expect(health.body.status).toBe('ok');
    expect(health.body.degraded).toBe(true);
    const section = health.body.components['kafka-projections'];
    expect(section.status).toBe('starting');
    expect(section.consumers).toContainEqual(
      expect.objectContaining({ projection: 'incident-timeline', connected: false }),
    );
    await http
      .post('/api/v1/incidents')
      .set(admin)
      .send({ title: 'declared while the consumers rejoin', severity: 'SEV3' })
      .expect(201);

    await app.get(KafkaProjectionsRunner).untilJoined(60_000);
    const joined = await http.get('/health').expect(200);
    expect(joined.body.degraded).toBe(false);
    expect(joined.body.components['kafka-projections'].status).toBe('up');
  }, 120_000);
});

describe('Kafka down at start', () => {
  const broker = new OwnKafkaBroker(19192, 19193);
  let app: INestApplication | undefined;
  const previousBrokers = process.env.KAFKA_BROKERS;
  afterAll(async () => {
    await app?.close();
    await broker.destroy();
    process.env.KAFKA_BROKERS = previousBrokers;
  }, 60_000);

  it('starts anyway, says Kafka is down in /health and /metrics, and joins once it is back', async () => {
    process.env.KAFKA_BROKERS = broker.brokers; // not started yet: nothing listens there
    process.env.KAFKA_EVENTS_TOPIC = `sitrep.e2e-down-${randomUUID()}`;
    app = await bootApp(SitrepModule, undefined, { untilKafkaJoined: false });
    const http = request(app.getHttpServer());
    await http
      .post('/api/v1/incidents')
      .set(admin)
      .send({ title: 'declared while Kafka is down', severity: 'SEV3' })
      .expect(201);

    const down = async () => (await http.get('/health').expect(200)).body;
    await until(async () => (await down()).components['kafka-forwarder'].status === 'down');
    const health = await down();
    expect(health.status).toBe('ok');
    expect(health.info.database.status).toBe('up');
    expect(health.degraded).toBe(true);
    expect(health.components['kafka-projections'].status).not.toBe('up');
    // A command answers once its events are committed: it does not wait for read models that
    // cannot catch up (before, each one waited out the read-your-writes bound, 2 s).
    const took: number[] = [];
    for (const n of [1, 2, 3]) {
      const started = Date.now();
      await http
        .post('/api/v1/incidents')
        .set(admin)
        .send({ title: `declared during the outage ${n}`, severity: 'SEV3' })
        .expect(201);
      took.push(Date.now() - started);
    }
    expect(took.sort((a, b) => a - b)[1]).toBeLessThan(400);
    const metrics = (await http.get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/^sitrep_kafka_connected\{component="forwarder"\} 0$/m);
    // Nothing reached this topic yet: the whole log is behind, though no forwarder runs yet.
    expect(metrics).toMatch(/^sitrep_forwarder_lag_events\{role="starting"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^sitrep_kafka_connected\{component="projection:incident-list"\} 0$/m);

    await broker.start();
    await app.get(KafkaProjectionsRunner).untilJoined(90_000);
    await until(async () => !(await down()).degraded, 60_000);
    const after = (await http.get('/metrics').expect(200)).text;
    expect(after).toMatch(/^sitrep_kafka_connected\{component="forwarder"\} 1$/m);
    expect(after).toMatch(/^sitrep_forwarder_lag_events\{role="publishing"\} \d+$/m);
    expect(after).toMatch(/^sitrep_kafka_connected\{component="projection:incident-list"\} 1$/m);
  }, 240_000);
});

async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
