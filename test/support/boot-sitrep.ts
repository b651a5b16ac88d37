import { randomBytes, randomUUID } from 'node:crypto';
import type { INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DATABASE, startHttpApp, type Database } from '@sitrep/platform';
import { KafkaProjectionsRunner } from '@sitrep/messaging';
import { ALERT_EVENTS_ROUTE } from '@sitrep/alerts';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

/**
 * Boots an app module exactly as main.ts does (same HTTP edge) against the run's real test
 * database, with a known admin token.
 */
export async function bootApp(
  module: Type<unknown>,
  databaseUrl = process.env.SITREP_TEST_DATABASE_URL,
  { untilKafkaJoined = true, groupPrefix = `sitrep-e2e-${randomUUID()}` } = {},
): Promise<INestApplication> {
  const url = databaseUrl;
  if (!url) throw new Error('SITREP_TEST_DATABASE_URL is not set: run through jest.config.ts');
  process.env.DATABASE_URL = url;
  process.env.DATABASE_POOL_SIZE = '10';
  process.env.KAFKA_BROKERS ??= '127.0.0.1:9092';
  // Each test run has its own topic, and each booted app is its own consumer group, so it
  // projects every event itself (idempotently) and never reads an earlier run's messages.
  process.env.KAFKA_EVENTS_TOPIC ??= `sitrep.e2e-${randomUUID()}`;
  process.env.KAFKA_GROUP_PREFIX = groupPrefix;
  process.env.SITREP_ADMIN_TOKEN = TEST_ADMIN_TOKEN;
  process.env.SITREP_SECRETS_KEY ??= randomBytes(32).toString('base64');
  process.env.LOG_LEVEL ??= 'warn';
  // Tests cannot reach AWS: an SNS SubscriptionConfirmation is recorded as not confirmed, and
  // says so (the confirmation itself is tested against a stand-in, in the alerts library).
  process.env.SNS_CONFIRM_SUBSCRIPTIONS ??= 'false';
  const moduleRef = await Test.createTestingModule({ imports: [module] }).compile();
  const app = await startHttpApp(moduleRef, { logger: ['error', 'warn'] });
  if (!untilKafkaJoined) return app;
  await untilConsumersAssigned(app);
  await untilCaughtUp(app);
  return app;
}

/** A suite's app, booted before its first test (and closed after its last), and a client for it. */
export interface BootedApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
}

/**
 * Boots `module` for the calling suite (in its beforeAll) and closes it after (afterAll). The
 * object is filled in by the time the suite's tests and later hooks run.
 */
export function bootForSuite(module: Type<unknown>): BootedApp {
  const booted = {} as BootedApp;
  beforeAll(async () => {
    booted.app = await bootApp(module);
    booted.http = request(booted.app.getHttpServer());
  }, 60_000);
  afterAll(async () => {
    await booted.app?.close();
  }, 30_000);
  return booted;
}

/**
 * Suites share the run's database, and a new app forwards onto its worker's topic whatever other
 * suites appended since the last app there stopped: tests start once every projection has read up
 * to the log's end as it stands now, so a test's first command does not queue behind that backlog
 * (its read-your-writes wait is bounded at 0.5 s).
 */
async function untilCaughtUp(app: INestApplication): Promise<void> {
  // The head of each topic: alert streams are forwarded apart (ALERT_EVENTS_ROUTE).
  const heads = await app.get<Database>(DATABASE).query<{ position: string; stream_id: string }>(
    `SELECT DISTINCT ON (stream_id LIKE $1) global_position AS position, stream_id
       FROM events ORDER BY stream_id LIKE $1, global_position DESC`,
    [`${ALERT_EVENTS_ROUTE.streamPrefix}%`],
  );
  for (const head of heads) {
    const projected = await app
      .get(KafkaProjectionsRunner)
      .waitUntilProjected(Number(head.position), { streamId: head.stream_id, timeoutMs: 45_000 });
    if (!projected) throw new Error(`projections did not reach position ${head.position} in 45 s`);
  }
}

/** A new consumer group takes a few seconds to join; tests start once every projection has partitions. */
async function untilConsumersAssigned(app: INestApplication): Promise<void> {
  const runner = app.get(KafkaProjectionsRunner);
  const deadline = Date.now() + 45_000;
  while (!runner.status().every((s) => s.assignedPartitions.length > 0)) {
    if (Date.now() > deadline)
      throw new Error('Kafka projection consumers were not assigned partitions');
    await new Promise((r) => setTimeout(r, 100));
  }
}
