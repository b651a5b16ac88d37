import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import type { Response } from 'supertest';
import { createTestDatabase, dropTestDatabase, SERVER_URL } from '@sitrep/testing';
import { SitrepModule } from '../apps/sitrep/src/sitrep.module';
import { admin, alertmanagerIntegration, fixtureText, variantOf } from './support/alerts';
import { bootApp } from './support/boot-sitrep';

const DELIVERY_ID = 'x-sitrep-delivery-id';

async function onServer(sql: string): Promise<void> {
  const client = new Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * The app's database goes away as in a fail-over: every session it holds is killed and new ones
 * are refused until it is back. Its own database, so no other suite loses its connections.
 */
describe('PostgreSQL unavailable (all-in-one app)', () => {
  let url: string;
  let database: string;
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let incidentId: string;
  let sender: Awaited<ReturnType<typeof alertmanagerIntegration>>;
  const firing = JSON.parse(fixtureText('alertmanager', 'firing.json'));
  /** Every webhook answer of the outage, to check what they named once the database is back. */
  const outageAnswers: Response[] = [];

  const goDown = async () => {
    await onServer(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS false`);
    await onServer(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}'`,
    );
  };
  const comeBack = () => onServer(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS true`);

  const expectUnavailable = (res: Response) => {
    expect({ status: res.status, code: res.body.code }).toEqual({
      status: 503,
      code: 'DATABASE.UNAVAILABLE',
    });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  };

  beforeAll(async () => {
    url = await createTestDatabase('sitrep_outage');
    database = new URL(url).pathname.slice(1);
    app = await bootApp(SitrepModule, url);
    http = request(app.getHttpServer());
    const declared = await http
      .post('/api/v1/incidents')
      .set(admin)
      .send({ title: 'Before the outage', severity: 'SEV3' })
      .expect(201);
    incidentId = declared.body.id;
    sender = await alertmanagerIntegration(http);
  }, 90_000);

  afterAll(async () => {
    await comeBack().catch(() => undefined);
    await app?.close();
    await dropTestDatabase(url);
  }, 30_000);

  it('answers webhook deliveries with 503 and Retry-After, naming no delivery', async () => {
    // The integration is known to the intake (read less than a second ago): it gets as far as
    // recording the delivery before it meets the outage.
    await sender.send(variantOf(firing, 0)).expect(202);
    await goDown();
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => sender.send(variantOf(firing, i + 1))),
    );
    // A refusal is recorded before it is answered: with nothing recorded, it is a 503 too.
    answers.push(await sender.send(variantOf(firing, 7), 'wrong-token'));
    outageAnswers.push(...answers);
    for (const res of answers) {
      expect(res.headers[DELIVERY_ID]).toBeUndefined();
      expectUnavailable(res);
    }
  });

  it('answers commands and queries with 503 and Retry-After, never 500', async () => {
    const answers = [
      await http
        .post(`/api/v1/incidents/${incidentId}/notes`)
        .set(admin)
        .send({ text: 'during the outage' }),
      await http
        .post('/api/v1/incidents')
        .set(admin)
        .send({ title: 'During the outage', severity: 'SEV3' }),
      await http.get(`/api/v1/incidents/${incidentId}`).set(admin),
      await http.get('/api/v1/incidents').set(admin),
    ];
    for (const res of answers) expectUnavailable(res);
  });

  it('reports the database down on /health', async () => {
    const res = await http.get('/health');
    expect(res.status).toBe(503);
    expect(JSON.stringify(res.body)).toContain('"down"');
  });

  it('works again once the database is back, and every delivery it named is stored', async () => {
    await comeBack();
    const deadline = Date.now() + 20_000;
    while ((await http.get('/health')).status !== 200) {
      if (Date.now() > deadline) throw new Error('/health did not recover in 20 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    await http
      .post(`/api/v1/incidents/${incidentId}/notes`)
      .set(admin)
      .send({ text: 'after the outage' })
      .expect(201);
    const after = await sender.send(variantOf(firing, 8)).expect(202);
    for (const res of [...outageAnswers, after]) {
      const id = res.headers[DELIVERY_ID];
      if (id) await http.get(`/api/v1/deliveries/${id}`).set(admin).expect(200);
    }
  }, 30_000);
});
