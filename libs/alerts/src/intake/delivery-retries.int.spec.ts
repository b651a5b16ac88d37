import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { apiKeyMigrations, openDatabase, systemClock, type OpenedDatabase } from '@sitrep/platform';
import {
  eventStoreMigrations,
  PostgresCheckpointStore,
  PostgresEventStore,
} from '@sitrep/event-store';
import { createTestDatabase, dropTestDatabase } from '@sitrep/testing';
import { settingsOf } from '../integrations/integration';
import { integrationStore } from '../integrations/integration.store';
import { AlertPipelineService } from '../pipeline/alert-pipeline.service';
import { AlertProcessor } from '../pipeline/alert-processor';
import { aPlanInForce } from '../pipeline/testing/alert-fixtures';
import { alertIntakeMigrations } from './alert-intake.module';
import { startIntakeApp, TEST_ADMIN_TOKEN } from './testing/intake.fixture';

const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const fixture = (source: string, file: string) =>
  readFileSync(join(__dirname, '..', 'sources', source, 'fixtures', file)).toString();
const JSON_TYPE = { 'Content-Type': 'application/json' };

interface Created {
  id: string;
  webhookPath: string;
  credentials: { secret: string }[];
}
type Outcome = { status: string; outcome: { retryOf?: string } };

/**
 * What counts as a sender's retry, from HTTP in to the processor's outcome, with two api processes
 * (two intakes, each its own pool and group commit) in front of one database.
 */
describe('sender retries through two api processes and the alert processor', () => {
  let url: string;
  const opened: OpenedDatabase[] = [];
  const apps: INestApplication[] = [];
  let api: ReturnType<typeof request>[];
  let processor: AlertProcessor;

  beforeAll(async () => {
    url = await createTestDatabase('sitrep_delivery_retries');
    const migrations = [...eventStoreMigrations, ...apiKeyMigrations, ...alertIntakeMigrations];
    for (let n = 0; n < 2; n++) {
      opened.push(await openDatabase(url, 5, migrations));
      const rateLimit = { perSecond: 1_000, burst: 1_000 };
      apps.push(await startIntakeApp({ db: opened[n].database, clock: systemClock, rateLimit }));
    }
    api = apps.map((app) => request(app.getHttpServer()));
    const db = opened[0].database;
    const plan = aPlanInForce();
    processor = new AlertProcessor({
      database: db,
      store: new PostgresEventStore(db),
      checkpoints: new PostgresCheckpointStore(db),
      pipeline: new AlertPipelineService({ inForce: () => Promise.resolve(plan) }),
      clock: systemClock,
      settingsOf: async (ids) =>
        new Map(
          (await integrationStore.findMany(db, ids)).map((i) => [i.integrationId, settingsOf(i)]),
        ),
      lock: null,
      appended: () => undefined,
    });
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const o of opened) await o.dataSource.destroy();
    if (url) await dropTestDatabase(url);
  });

  async function integration(body: Record<string, unknown>): Promise<Created> {
    const res = await api[0]
      .post('/api/v1/integrations')
      .set(admin)
      .send({ name: `it-${Date.now()}-${Math.random()}`, ...body })
      .expect(201);
    return res.body as Created;
  }
  /** Processes whatever is queued; the outcome of each delivery, by id. */
  async function outcomesOf(ids: readonly string[]): Promise<Map<string, Outcome>> {
    const db = opened[0].database;
    const deadline = Date.now() + 10_000;
    for (;;) {
      await processor.processOnce();
      const rows = await db.query<{ delivery_id: string } & Outcome>(
        'SELECT delivery_id, status, outcome FROM webhook_delivery_outcomes WHERE delivery_id = ANY($1)',
        [ids],
      );
      if (rows.length === ids.length || Date.now() > deadline) {
        return new Map(rows.map((r) => [r.delivery_id, { status: r.status, outcome: r.outcome }]));
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  it('copies of one delivery reaching both processes at the same instant: one processed, the rest retries of it', async () => {
    const am = await integration({ source: 'alertmanager' });
    const body = fixture('alertmanager', 'firing.json');
    const send = (n: number) =>
      api[n % 2]
        .post(am.webhookPath)
        .set({ ...JSON_TYPE, Authorization: `Bearer ${am.credentials[0].secret}` })
        .send(body)
        .expect(202);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, n) => send(n)));
    const ids = answers.map((a) => a.body.deliveryId as string);

    const outcomes = await outcomesOf(ids);
    const processed = ids.filter((id) => outcomes.get(id)?.status === 'processed');
    expect(processed).toHaveLength(1);
    expect(ids.filter((id) => id !== processed[0]).map((id) => outcomes.get(id))).toEqual(
      Array(9).fill({
        status: 'retry',
        outcome: { retryOf: processed[0], reason: 'the sender sent this delivery again' },
      }),
    );
  });

  it('Opsgenie closes of different aliases with one body are each processed; a resent close is a retry', async () => {
    const og = await integration({ source: 'opsgenie', authMode: 'vendor' });
    const body = fixture('opsgenie', 'close-alert.json');
    // One process: each test intake has its own secrets key, and the GenieKey is encrypted.
    const close = (alias: string) =>
      api[0]
        .post(`${og.webhookPath}/v2/alerts/${alias}/close?identifierType=alias`)
        .set({ ...JSON_TYPE, Authorization: `GenieKey ${og.credentials[0].secret}` })
        .send(body)
        .expect(202);
    const first = await close('db-replica-lag');
    const second = await close('disk-full');
    const resent = await close('db-replica-lag');
    const [a, b, c] = [first, second, resent].map((r) => r.headers['x-sitrep-delivery-id']);

    const outcomes = await outcomesOf([a, b, c]);
    expect(outcomes.get(a)?.status).toBe('processed');
    expect(outcomes.get(b)?.status).toBe('processed');
    expect(outcomes.get(c)).toEqual({
      status: 'retry',
      outcome: expect.objectContaining({ retryOf: a }),
    });
  });

  it('Sentry deliveries of the same bytes are retries only with the same Request-ID', async () => {
    const sentry = await integration({ source: 'sentry' });
    const body = fixture('sentry', 'metric-alert-critical.json');
    const send = (requestId: string) =>
      api[0]
        .post(sentry.webhookPath)
        .set({
          ...JSON_TYPE,
          Authorization: `Bearer ${sentry.credentials[0].secret}`,
          'Sentry-Hook-Resource': 'metric_alert',
          'Request-ID': requestId,
        })
        .send(body)
        .expect(202);
    const ids = [];
    for (const requestId of ['req-1', 'req-2', 'req-1']) {
      ids.push((await send(requestId)).headers['x-sitrep-delivery-id'] as string);
    }
    const outcomes = await outcomesOf(ids);
    expect(ids.map((id) => outcomes.get(id)?.status)).toEqual(['processed', 'processed', 'retry']);
    expect(outcomes.get(ids[2])?.outcome.retryOf).toBe(ids[0]);
  });
});
