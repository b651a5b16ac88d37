import { randomUUID } from 'node:crypto';
import { DATABASE, type Database } from '@sitrep/platform';
import { alertStreamId } from '@sitrep/alerts';
import { SitrepModule } from '../../apps/sitrep/src/sitrep.module';
import { bootForSuite } from '../support/boot-sitrep';
import {
  admin,
  createIntegration,
  deliveriesOf,
  deliveryIdOf,
  deliveryRecord,
  expectAcceptedAnswer,
  expectRefusalNamesItsRecord,
  expectRefusedChangingNothing,
  fixtureText,
  footprintOf,
  processed,
  processedAll,
} from '../support/alerts';

describe('Webhook intake refusals over HTTP: each answers its status and creates nothing', () => {
  const sitrep = bootForSuite(SitrepModule);

  const firing = fixtureText('alertmanager', 'firing.json');
  /** The fixture's two alerts, as the intake answers them. */
  const FOUND = [
    { dedupKey: '7f3c1a9d02be44e1', status: 'firing' as const },
    { dedupKey: 'b91e0047c6d3a2f8', status: 'firing' as const },
  ];
  const alertmanager = () =>
    createIntegration(sitrep.http, { source: 'alertmanager', openAs: 'declared' });
  const deliver = (path: string, token: string, body: string | Buffer, type = 'application/json') =>
    sitrep.http
      .post(path)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', type)
      .send(body);
  const deliveryRows = async (integrationId: string) =>
    Number(
      (
        await sitrep.app.get<Database>(DATABASE).query<{
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
      // Nothing is recorded, so the answer names no record either.
      expect({ path, status: res.status, code: res.body.code, id: deliveryIdOf(res) }).toEqual({
        path,
        status: 404,
        code: 'WEBHOOK.UNKNOWN_INTEGRATION',
        id: undefined,
      });
    }
    expect(await deliveryRows(am.id)).toBe(0);
    expect(await deliveryRows(unknown)).toBe(0);
    expect(await footprintOf(sitrep.app, am.id)).toEqual({
      events: 0,
      lastGlobalPosition: 0,
      incidentIds: [],
    });
    // And the integration itself works.
    const works = await deliver(am.webhookPath, am.secret, firing);
    expectAcceptedAnswer(works, FOUND);
    expect((await processed(sitrep.http, works)).alerts.map((a) => a.decision)).toEqual([
      'opened',
      'joined',
    ]);
  }, 30_000);

  it("names the record in X-Sitrep-Delivery-Id, refusals too; an accepted delivery's record shows what the processor made of it", async () => {
    const am = await alertmanager();
    // Refused: a wrong token. The refusal is recorded, and it is no work for the processor.
    const refused = await expectRefusedChangingNothing(
      sitrep,
      am.id,
      () => deliver(am.webhookPath, 'whk_wrong', firing),
      { status: 401, code: 'WEBHOOK.UNAUTHENTICATED', deliveryStatus: 'unauthenticated' },
    );
    expect(refused.headers['www-authenticate']).toMatch(/^Bearer/);
    const refusal = refused.record!;
    expect(refusal.authResult).toMatch(/^rejected: /);

    // Accepted: the answer comes once the record is durable, so the record is there at once,
    // with the answer it got.
    const accepted = await deliver(am.webhookPath, am.secret, firing);
    expectAcceptedAnswer(accepted, FOUND);
    const deliveryId: string = accepted.body.deliveryId;
    const record = await deliveryRecord(sitrep.http, deliveryId);
    expect(record).toMatchObject({
      id: deliveryId,
      integrationId: am.id,
      source: 'alertmanager',
      status: 'accepted',
      outcome: { answer: { status: 202, body: accepted.body } },
    });
    expect(record.authResult).toMatch(/^accepted: bearer/);
    expect(Buffer.from(record.bodyBase64, 'base64').toString('utf8')).toBe(firing);

    // Then the processor decides its alerts, and the record shows it.
    const outcome = await processed(sitrep.http, accepted);
    expect(outcome).toEqual({
      deliveryId,
      status: 'processed',
      alerts: [
        expect.objectContaining({ dedupKey: '7f3c1a9d02be44e1', decision: 'opened' }),
        expect.objectContaining({ dedupKey: 'b91e0047c6d3a2f8', decision: 'joined' }),
      ],
    });
    const incidentId = outcome.alerts[0].incidentId;
    expect(outcome.alerts[1].incidentId).toBe(incidentId);
    expect((await footprintOf(sitrep.app, am.id)).incidentIds).toEqual([incidentId]);
    const after = await deliveryRecord(sitrep.http, deliveryId);
    delete record.processing; // it may have been processed already when first read
    expect(after).toEqual({
      ...record,
      processing: {
        status: 'processed',
        outcome: { alerts: outcome.alerts },
        processedAt: expect.any(String),
      },
    });
    expect(Date.parse(after.processing.processedAt)).toBeGreaterThanOrEqual(
      Date.parse(after.receivedAt),
    );
    // The processor has passed the refusal recorded before, and left it alone.
    expect((await deliveryRecord(sitrep.http, refusal.id)).processing).toBeUndefined();
    // An id with no record (never, or no longer: retention) says how long records are kept.
    const unknown = randomUUID();
    const missing = await sitrep.http.get(`/api/v1/deliveries/${unknown}`).set(admin).expect(404);
    expect(missing.body).toMatchObject({
      code: 'DELIVERY.NOT_FOUND',
      message: `No delivery has id ${unknown} (deliveries are kept 30 days once processed)`,
    });
  }, 30_000);

  it('answers 403 for a disabled integration, ingests nothing, and takes deliveries again once enabled', async () => {
    const am = await alertmanager();
    await sitrep.http.post(`/api/v1/integrations/${am.id}/disable`).set(admin).expect(200);
    await expectRefusedChangingNothing(
      sitrep,
      am.id,
      () => deliver(am.webhookPath, am.secret, firing),
      { status: 403, code: 'WEBHOOK.INTEGRATION_DISABLED', deliveryStatus: 'disabled' },
    );
    expect((await footprintOf(sitrep.app, am.id)).incidentIds).toEqual([]);
    await sitrep.http.post(`/api/v1/integrations/${am.id}/enable`).set(admin).expect(200);
    const accepted = await deliver(am.webhookPath, am.secret, firing);
    expectAcceptedAnswer(accepted, FOUND);
    const outcome = await processed(sitrep.http, accepted);
    expect(outcome).toMatchObject({ status: 'processed' });
    expect(outcome.alerts[0].decision).toBe('opened');
    // The refused copy of the same bytes was never accepted, so this one is no retry of it.
    expect((await footprintOf(sitrep.app, am.id)).incidentIds).toEqual([
      outcome.alerts[0].incidentId,
    ]);
  }, 30_000);

  it('answers 400 for a body that is not JSON, naming the problem', async () => {
    const am = await alertmanager();
    const res = await expectRefusedChangingNothing(
      sitrep,
      am.id,
      () => deliver(am.webhookPath, am.secret, '{"receiver": "sitrep", "alerts": ['),
      { status: 400, code: 'WEBHOOK.MALFORMED', deliveryStatus: 'invalid' },
    );
    expect(res.body.message).toMatch(/not valid JSON/);
    // A content type the source does not send is refused too, whatever the bytes.
    const typed = await expectRefusedChangingNothing(
      sitrep,
      am.id,
      () => deliver(am.webhookPath, am.secret, firing, 'application/x-www-form-urlencoded'),
      { status: 400, code: 'WEBHOOK.MALFORMED', deliveryStatus: 'invalid' },
    );
    expect(typed.body.message).toMatch(/content-type application\/x-www-form-urlencoded/);
    expect((await footprintOf(sitrep.app, am.id)).incidentIds).toEqual([]);
  }, 30_000);

  it('answers 422 for JSON of the wrong shape, naming the fields', async () => {
    const am = await alertmanager();
    const wrong = JSON.parse(firing);
    wrong.alerts[1].status = 'burning';
    delete wrong.alerts[0].labels;
    const res = await expectRefusedChangingNothing(
      sitrep,
      am.id,
      () => deliver(am.webhookPath, am.secret, JSON.stringify(wrong)),
      { status: 422, code: 'WEBHOOK.UNPROCESSABLE', deliveryStatus: 'invalid' },
    );
    const problems = JSON.stringify(res.body.details);
    expect(problems).toMatch(/alerts\.1\.status/);
    expect(problems).toMatch(/alerts\.0\.labels/);
    // Not an object at all.
    const array = await expectRefusedChangingNothing(
      sitrep,
      am.id,
      () => deliver(am.webhookPath, am.secret, '[1, 2, 3]'),
      { status: 422, code: 'WEBHOOK.UNPROCESSABLE', deliveryStatus: 'invalid' },
    );
    expect(array.body.message).toMatch(/must be a JSON object/);
    expect((await footprintOf(sitrep.app, am.id)).incidentIds).toEqual([]);
  }, 30_000);

  it('answers 413 for a body over 1 MiB and records nothing', async () => {
    const am = await alertmanager();
    const big = JSON.parse(firing);
    big.alerts[0].annotations.description = 'x'.repeat(1024 * 1024);
    const body = JSON.stringify(big);
    expect(Buffer.byteLength(body)).toBeGreaterThan(1024 * 1024);
    const res = await expectRefusedChangingNothing(
      sitrep,
      am.id,
      () => deliver(am.webhookPath, am.secret, body),
      { status: 413, code: 'PAYLOAD_TOO_LARGE' },
    );
    expect(res.body.statusCode).toBe(413);
    // Refused before the intake: no record, so no record named.
    expect(deliveryIdOf(res)).toBeUndefined();
    // Just under the limit is accepted (the limit is the body, not the request).
    const under = JSON.parse(firing);
    under.alerts[0].annotations.description = 'x'.repeat(1000 * 1024);
    const accepted = await deliver(am.webhookPath, am.secret, JSON.stringify(under));
    expectAcceptedAnswer(accepted, FOUND);
    expect(await processed(sitrep.http, accepted)).toMatchObject({
      status: 'processed',
      alerts: [
        expect.objectContaining({ decision: 'opened' }),
        expect.objectContaining({ decision: 'joined' }),
      ],
    });
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
    await expectRefusalNamesItsRecord(sitrep, am.id, limited, 'rate-limited');
    // Every answer, refusal or not, names its own record, and each record is named once.
    const recordStatus = new Map(
      (await deliveriesOf(sitrep.app, am.id)).map((d) => [d.id, d.status] as const),
    );
    expect(recordStatus.size).toBe(505);
    expect(new Set(flood.map((r) => deliveryIdOf(r))).size).toBe(505);
    const RECORDED_AS: Record<number, string> = {
      202: 'accepted',
      422: 'invalid',
      429: 'rate-limited',
    };
    for (const r of flood) {
      expect([r.status, recordStatus.get(deliveryIdOf(r) ?? '')]).toEqual([
        r.status,
        RECORDED_AS[r.status],
      ]);
    }

    const db = sitrep.app.get<Database>(DATABASE);
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
    for (const status of realAnswers) expect([202, 429]).toContain(status);
    // Accepted: the processor takes its alert (into the one incident the first of them opened).
    const taken = flood.slice(500).filter((r) => r.status === 202);
    const outcomes = await processedAll(sitrep.http, taken);
    for (const [n, outcome] of outcomes.entries()) {
      expect(outcome.status).toBe('processed');
      expect(outcome.alerts).toEqual([
        expect.objectContaining({ dedupKey: taken[n].body.alerts[0].dedupKey }),
      ]);
    }
    // (Most often the burst is spent before them, and none of them is accepted.)
    const decisions = outcomes.flatMap((o) => o.alerts.map((a) => a.decision));
    expect(decisions.filter((d) => d === 'opened')).toHaveLength(Math.min(1, taken.length));
    expect(decisions.filter((d) => d !== 'opened').every((d) => d === 'joined')).toBe(true);
    const records = await deliveriesOf(sitrep.app, am.id);
    expect(records.filter((d) => d.status === 'rate-limited')).toHaveLength(
      flood.filter((r) => r.status === 429).length,
    );
    expect(records.filter((d) => d.status === 'accepted')).toHaveLength(
      realAnswers.filter((s) => s === 202).length,
    );

    await new Promise((r) => setTimeout(r, Number(limited.headers['retry-after']) * 1000));
    const accepted = await deliver(am.webhookPath, am.secret, real(99));
    expectAcceptedAnswer(accepted, [{ dedupKey: 'rate-limit-99', status: 'firing' }]);
    expect((await processed(sitrep.http, accepted)).alerts).toEqual([
      expect.objectContaining({
        dedupKey: 'rate-limit-99',
        decision: taken.length > 0 ? 'joined' : 'opened',
      }),
    ]);
    // The processor takes accepted deliveries in the order they were recorded, and this one was
    // recorded after the whole flood: any limited delivery it had been handed was done by now.
    // Limited: its alert never reached the pipeline. Accepted: it did.
    for (const [i, status] of realAnswers.entries()) {
      if (status === 429) expect(await eventsOfAlert(i)).toBe(0);
      else expect(await eventsOfAlert(i)).toBeGreaterThan(0);
    }
  }, 30_000);
});
