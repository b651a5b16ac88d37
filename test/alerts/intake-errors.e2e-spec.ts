import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DATABASE, type Database } from '@sitrep/platform';
import { alertStreamId } from '@sitrep/alerts';
import { SitrepModule } from '../../apps/sitrep/src/sitrep.module';
import { bootApp } from '../support/boot-sitrep';
import {
  admin,
  createIntegration,
  deliveriesOf,
  expectRefusedChangingNothing,
  fixtureText,
  footprintOf,
  type Http,
} from '../support/alerts';

describe('Webhook intake refusals over HTTP: each answers its status and creates nothing', () => {
  let app: INestApplication;
  let http: Http;

  beforeAll(async () => {
    app = await bootApp(SitrepModule);
    http = request(app.getHttpServer());
  }, 60_000);

  afterAll(async () => {
    await app.close();
  }, 30_000);

  const firing = fixtureText('alertmanager', 'firing.json');
  const alertmanager = () =>
    createIntegration(http, { source: 'alertmanager', openAs: 'declared' });
  const deliver = (path: string, token: string, body: string | Buffer, type = 'application/json') =>
    http.post(path).set('Authorization', `Bearer ${token}`).set('Content-Type', type).send(body);
  const deliveryRows = async (integrationId: string) =>
    Number(
      (
        await app.get<Database>(DATABASE).query<{
          n: string;
        }>('SELECT count(*) AS n FROM webhook_deliveries WHERE integration_id = $1', [integrationId])
      )[0].n,
    );

  it('answers 404 for an unknown integration, a malformed id, or the wrong source, and records nothing', async () => {
    const am = await alertmanager();
    const unknown = randomUUID();
    const refusals = [
      `/webhooks/alertmanager/${unknown}`,
      '/webhooks/alertmanager/not-a-uuid',
      `/webhooks/datadog/${am.id}`,
      `/webhooks/no-such-source/${am.id}`,
    ];
    for (const path of refusals) {
      const res = await deliver(path, am.secret, firing);
      expect({ path, status: res.status, code: res.body.code }).toEqual({
        path,
        status: 404,
        code: 'WEBHOOK.UNKNOWN_INTEGRATION',
      });
    }
    expect(await deliveryRows(am.id)).toBe(0);
    expect(await deliveryRows(unknown)).toBe(0);
    expect(await footprintOf(app, am.id)).toEqual({
      events: 0,
      lastGlobalPosition: 0,
      incidentIds: [],
    });
    // And the integration itself works.
    await deliver(am.webhookPath, am.secret, firing).expect(202);
  }, 30_000);

  it('answers 403 for a disabled integration, ingests nothing, and takes deliveries again once enabled', async () => {
    const am = await alertmanager();
    await http.post(`/api/v1/integrations/${am.id}/disable`).set(admin).expect(200);
    await expectRefusedChangingNothing(
      { app, http },
      am.id,
      () => deliver(am.webhookPath, am.secret, firing),
      { status: 403, code: 'WEBHOOK.INTEGRATION_DISABLED', deliveryStatus: 'disabled' },
    );
    expect((await footprintOf(app, am.id)).incidentIds).toEqual([]);
    await http.post(`/api/v1/integrations/${am.id}/enable`).set(admin).expect(200);
    const accepted = await deliver(am.webhookPath, am.secret, firing).expect(202);
    expect(accepted.body.alerts[0].decision).toBe('opened');
  }, 30_000);

  it('answers 400 for a body that is not JSON, naming the problem', async () => {
    const am = await alertmanager();
    const res = await expectRefusedChangingNothing(
      { app, http },
      am.id,
      () => deliver(am.webhookPath, am.secret, '{"receiver": "sitrep", "alerts": ['),
      { status: 400, code: 'WEBHOOK.MALFORMED', deliveryStatus: 'invalid' },
    );
    expect(res.body.message).toMatch(/not valid JSON/);
    // A content type the source does not send is refused too, whatever the bytes.
    const typed = await expectRefusedChangingNothing(
      { app, http },
      am.id,
      () => deliver(am.webhookPath, am.secret, firing, 'application/x-www-form-urlencoded'),
      { status: 400, code: 'WEBHOOK.MALFORMED', deliveryStatus: 'invalid' },
    );
    expect(typed.body.message).toMatch(/content-type application\/x-www-form-urlencoded/);
    expect((await footprintOf(app, am.id)).incidentIds).toEqual([]);
  }, 30_000);

  it('answers 422 for JSON of the wrong shape, naming the fields', async () => {
    const am = await alertmanager();
    const wrong = JSON.parse(firing);
    wrong.alerts[1].status = 'burning';
    delete wrong.alerts[0].labels;
    const res = await expectRefusedChangingNothing(
      { app, http },
      am.id,
      () => deliver(am.webhookPath, am.secret, JSON.stringify(wrong)),
      { status: 422, code: 'WEBHOOK.UNPROCESSABLE', deliveryStatus: 'invalid' },
    );
    const problems = JSON.stringify(res.body.details);
    expect(problems).toMatch(/alerts\.1\.status/);
    expect(problems).toMatch(/alerts\.0\.labels/);
    // Not an object at all.
    const array = await expectRefusedChangingNothing(
      { app, http },
      am.id,
      () => deliver(am.webhookPath, am.secret, '[1, 2, 3]'),
      { status: 422, code: 'WEBHOOK.UNPROCESSABLE', deliveryStatus: 'invalid' },
    );
    expect(array.body.message).toMatch(/must be a JSON object/);
    expect((await footprintOf(app, am.id)).incidentIds).toEqual([]);
  }, 30_000);

  it('answers 413 for a body over 1 MiB and records nothing', async () => {
    const am = await alertmanager();
    const big = JSON.parse(firing);
    big.alerts[0].annotations.description = 'x'.repeat(1024 * 1024);
    const body = JSON.stringify(big);
    expect(Buffer.byteLength(body)).toBeGreaterThan(1024 * 1024);
    const res = await expectRefusedChangingNothing(
      { app, http },
      am.id,
      () => deliver(am.webhookPath, am.secret, body),
      { status: 413, code: 'PAYLOAD_TOO_LARGE' },
    );
    expect(res.body.statusCode).toBe(413);
    // Just under the limit is accepted (the limit is the body, not the request).
    const under = JSON.parse(firing);
    under.alerts[0].annotations.description = 'x'.repeat(1000 * 1024);
    await deliver(am.webhookPath, am.secret, JSON.stringify(under)).expect(202);
  }, 30_000);

  it('answers 429 with Retry-After past the burst (200, refilled at 50/s); a limited delivery ingests nothing', async () => {
    const am = await alertmanager();
    // Cheap deliveries that pass authentication and take a token each (then fail to parse), and
    // behind them a few real alerts, each with its own fingerprint (so its own alert stream).
    const real = (i: number) => {
      const body = JSON.parse(firing);
      body.alerts = [{ ...body.alerts[0], fingerprint: `rate-limit-${i}` }];
      return JSON.stringify(body);
    };
    const flood = await Promise.all([
      ...Array.from({ length: 500 }, () => deliver(am.webhookPath, am.secret, '{}')),
      ...Array.from({ length: 5 }, (_, i) => deliver(am.webhookPath, am.secret, real(i))),
    ]);
    const statuses = flood.slice(0, 500).map((r) => r.status);
    expect(new Set(statuses)).toEqual(new Set([422, 429]));
    expect(statuses.filter((s) => s === 422).length).toBeGreaterThanOrEqual(200);
    const limited = flood.find((r) => r.status === 429)!;
    expect(limited.body.code).toBe('WEBHOOK.RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    const db = app.get<Database>(DATABASE);
    const eventsOfAlert = async (i: number) =>
      Number(
        (
          await db.query<{ n: string }>('SELECT count(*) AS n FROM events WHERE stream_id = $1', [
            alertStreamId(am.id, `rate-limit-${i}`),
          ])
        )[0].n,
      );
    const realAnswers = flood.slice(500).map((r) => r.status);
    expect(realAnswers).toContain(429);
    for (const [i, status] of realAnswers.entries()) {
      expect([202, 429]).toContain(status);
      // Limited: its alert never reached the pipeline. Accepted: it did (the probe sees it).
      if (status === 429) expect(await eventsOfAlert(i)).toBe(0);
      else expect(await eventsOfAlert(i)).toBeGreaterThan(0);
    }
    const records = await deliveriesOf(app, am.id);
    expect(records.filter((d) => d.status === 'rate-limited')).toHaveLength(
      flood.filter((r) => r.status === 429).length,
    );
    expect(records.filter((d) => d.status === 'accepted')).toHaveLength(
      realAnswers.filter((s) => s === 202).length,
    );

    await new Promise((r) => setTimeout(r, Number(limited.headers['retry-after']) * 1000));
    const accepted = await deliver(am.webhookPath, am.secret, real(99)).expect(202);
    expect(accepted.body.alerts[0].dedupKey).toBe('rate-limit-99');
  }, 30_000);
});
