import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock, type OpenedDatabase } from '@sitrep/platform';
import {
  openIntakeTestDatabase,
  RecordingPipeline,
  startIntakeApp,
  TEST_ADMIN_TOKEN,
} from './testing/intake.fixture';

const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const fixture = (source: string, file: string) =>
  readFileSync(join(__dirname, '..', 'sources', source, 'fixtures', file));
const ALERTMANAGER_FIRING = fixture('alertmanager', 'firing.json');
const JSON_TYPE = { 'Content-Type': 'application/json' };

interface Created {
  id: string;
  webhookPath: string;
  credentials: { id: string; kind: string; secret: string }[];
}

describe('Webhook intake', () => {
  let opened: OpenedDatabase;
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  const clock = new ManualClock(new Date('2026-11-27T04:00:00.000Z'));
  const pipeline = new RecordingPipeline();

  beforeAll(async () => {
    opened = await openIntakeTestDatabase();
    app = await startIntakeApp({
      db: opened.database,
      clock,
      pipeline,
      rateLimit: { perSecond: 1, burst: 5 },
    });
    http = request(app.getHttpServer());
  });
  afterAll(async () => {
    await app?.close();
    await opened?.dataSource.destroy();
  });

  async function integration(body: Record<string, unknown> = {}): Promise<Created> {
    const res = await http
      .post('/api/v1/integrations')
      .set(admin)
      .send({ source: 'alertmanager', name: `it-${randomUUID()}`, ...body })
      .expect(201);
    return res.body as Created;
  }
  const bearer = (created: Created) => ({
    Authorization: `Bearer ${created.credentials[0].secret}`,
  });
  // superagent would serialise a Buffer as JSON; a string goes out byte for byte. The clock moves
  // a millisecond per delivery so that rows sort in the order they were sent.
  const deliver = (created: Created, body: Buffer | string, headers: Record<string, string>) => {
    clock.advance(1);
    return http
      .post(created.webhookPath)
      .set({ ...JSON_TYPE, ...headers })
      .send(body.toString());
  };
  const deliveriesOf = (integrationId: string) =>
    opened.database.query<Record<string, unknown>>(
      'SELECT * FROM webhook_deliveries WHERE integration_id = $1 ORDER BY received_at, id',
      [integrationId],
    );

  describe('a delivery with a good bearer token', () => {
    it('is stored raw, handed to the pipeline once and answered 202 with the outcomes', async () => {
      const created = await integration();
      const res = await deliver(created, ALERTMANAGER_FIRING, bearer(created)).expect(202);

      expect(res.body).toEqual({
        deliveryId: expect.any(String),
        alerts: expect.any(Array),
      });
      expect(res.body.alerts).toHaveLength(2);
      expect(res.body.alerts[0]).toMatchObject({
        decision: 'opened',
        dedupKey: expect.any(String),
      });
      const calls = pipeline.callsFor(created.id);
      expect(calls).toHaveLength(1);
      expect(calls[0].integration).toMatchObject({
        integrationId: created.id,
        source: 'alertmanager',
      });
      expect(calls[0].delivery).toEqual({
        deliveryId: res.body.deliveryId,
        receivedAt: clock.now(),
      });

      const [row] = await deliveriesOf(created.id);
      expect(row).toMatchObject({
        id: res.body.deliveryId,
        status: 'accepted',
        source: 'alertmanager',
      });
      expect(row.auth_result).toMatch(/^accepted: bearer/);
      expect(Buffer.compare(row.body as Buffer, ALERTMANAGER_FIRING)).toBe(0);
      expect((row.headers as Record<string, string>).authorization).toBe('[redacted]');
      expect(JSON.stringify(row)).not.toContain(created.credentials[0].secret);
    });

    it('can be read back for audit, body in base64', async () => {
      const created = await integration();
      const res = await deliver(created, ALERTMANAGER_FIRING, bearer(created)).expect(202);
      const audit = await http
        .get(`/api/v1/deliveries/${res.body.deliveryId}`)
        .set(admin)
        .expect(200);
      expect(audit.body).toMatchObject({ integrationId: created.id, status: 'accepted' });
      expect(Buffer.from(audit.body.bodyBase64, 'base64').equals(ALERTMANAGER_FIRING)).toBe(true);
      await http.get(`/api/v1/deliveries/${randomUUID()}`).set(admin).expect(404);
      await http.get(`/api/v1/deliveries/${res.body.deliveryId}`).expect(401);
    });

    it('answers an identical retry from the record without ingesting again', async () => {
      const created = await integration();
      const first = await deliver(created, ALERTMANAGER_FIRING, bearer(created)).expect(202);
      const second = await deliver(created, ALERTMANAGER_FIRING, bearer(created)).expect(202);
      expect(second.body).toEqual(first.body);
      expect(pipeline.callsFor(created.id)).toHaveLength(1);
      const rows = await deliveriesOf(created.id);
      expect(rows.map((r) => r.status)).toEqual(['accepted', 'duplicate']);
      expect(rows[1].outcome).toMatchObject({ retryOf: first.body.deliveryId });
    });
  });

  describe('when the pipeline fails or copies race', () => {
    it('answers 500, records the failure, and ingests the sender’s retry', async () => {
      const created = await integration();
      pipeline.failNext = new Error('connection terminated');
      await deliver(created, ALERTMANAGER_FIRING, bearer(created)).expect(500);
      await deliver(created, ALERTMANAGER_FIRING, bearer(created)).expect(202);
      expect(pipeline.callsFor(created.id)).toHaveLength(2);
      const rows = await deliveriesOf(created.id);
      expect(rows.map((r) => r.status)).toEqual(['failed', 'accepted']);
    });

    it('ingests two identical copies arriving together once', async () => {
      const created = await integration();
      const answers = await Promise.all(
        [1, 2, 3].map(() => deliver(created, ALERTMANAGER_FIRING, bearer(created))),
      );
      expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
      expect(pipeline.callsFor(created.id)).toHaveLength(1);
      const statuses = (await deliveriesOf(created.id)).map((r) => r.status).sort();
      expect(statuses).toEqual(['accepted', 'duplicate', 'duplicate']);
    });
  });

  describe('refused deliveries: only the raw record, nothing ingested', () => {
    it('answers a wrong token with 401 and records the rejection', async () => {
      const created = await integration();
      const res = await deliver(created, ALERTMANAGER_FIRING, {
        Authorization: 'Bearer whk_wrong',
      }).expect(401);
      expect(res.body.code).toBe('WEBHOOK.UNAUTHENTICATED');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      const [row] = await deliveriesOf(created.id);
      expect(row).toMatchObject({ status: 'unauthenticated' });
      expect(row.auth_result).toMatch(/^rejected: /);
      expect(Buffer.compare(row.body as Buffer, ALERTMANAGER_FIRING)).toBe(0);
      expect(pipeline.callsFor(created.id)).toHaveLength(0);
    });

    it('answers a missing token with 401', async () => {
      const created = await integration();
      await deliver(created, ALERTMANAGER_FIRING, {}).expect(401);
      expect(pipeline.callsFor(created.id)).toHaveLength(0);
    });

    it('answers a disabled integration with 403', async () => {
      const created = await integration();
      await http.post(`/api/v1/integrations/${created.id}/disable`).set(admin).expect(200);
      const res = await deliver(created, ALERTMANAGER_FIRING, bearer(created)).expect(403);
      expect(res.body.code).toBe('WEBHOOK.INTEGRATION_DISABLED');
      expect((await deliveriesOf(created.id)).map((r) => r.status)).toEqual(['disabled']);
      expect(pipeline.callsFor(created.id)).toHaveLength(0);
    });

    it('answers an unknown integration, a malformed id or the wrong source with 404', async () => {
      const created = await integration();
      for (const path of [
        `/webhooks/alertmanager/${randomUUID()}`,
        '/webhooks/alertmanager/not-a-uuid',
        `/webhooks/grafana/${created.id}`,
        `/webhooks/nagios/${created.id}`,
      ]) {
        const res = await http
          .post(path)
          .set({ ...JSON_TYPE, ...bearer(created) })
          .send('{}')
          .expect(404);
        expect(res.body.code).toBe('WEBHOOK.UNKNOWN_INTEGRATION');
      }
      expect(await deliveriesOf(created.id)).toHaveLength(0);
    });

    it('answers malformed JSON with 400 naming the problem', async () => {
      const created = await integration();
      const res = await deliver(created, '{"status": "firing",', bearer(created)).expect(400);
      expect(res.body.code).toBe('WEBHOOK.MALFORMED');
      expect(res.body.message).toMatch(/JSON/);
      const [row] = await deliveriesOf(created.id);
      expect(row).toMatchObject({ status: 'invalid' });
      expect((row.body as Buffer).toString()).toBe('{"status": "firing",');
    });

    it('answers JSON of the wrong shape with 422 naming the fields', async () => {
      const created = await integration();
      const res = await deliver(
        created,
        JSON.stringify({ hello: 'world' }),
        bearer(created),
      ).expect(422);
      expect(res.body.code).toBe('WEBHOOK.UNPROCESSABLE');
      expect(res.body.details.length).toBeGreaterThan(0);
      expect(pipeline.callsFor(created.id)).toHaveLength(0);
    });

    it('answers a body over 1 MiB with 413', async () => {
      const created = await integration();
      const huge = JSON.stringify({ padding: 'x'.repeat(1024 * 1024) });
      const res = await deliver(created, huge, bearer(created)).expect(413);
      expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
      expect(pipeline.callsFor(created.id)).toHaveLength(0);
    });

    it('answers 429 with Retry-After past the integration’s burst', async () => {
      const created = await integration();
      const other = await integration();
      const bodies = [1, 2, 3, 4, 5].map((n) => JSON.stringify({ n }));
      // Wrong shapes still spend tokens: the limit protects the intake, whatever comes in.
      for (const body of bodies) await deliver(created, body, bearer(created)).expect(422);
      const res = await deliver(created, ALERTMANAGER_FIRING, bearer(created)).expect(429);
      expect(res.body.code).toBe('WEBHOOK.RATE_LIMITED');
      expect(res.headers['retry-after']).toBe('1');
      await deliver(other, ALERTMANAGER_FIRING, bearer(other)).expect(202);
      clock.advance(1000);
      await deliver(created, ALERTMANAGER_FIRING, bearer(created)).expect(202);
    });
  });

  describe('other auth modes', () => {
    it('takes the token as basic-auth password', async () => {
      const created = await integration({ authMode: 'basic' });
      const good = Buffer.from(`alertmanager:${created.credentials[0].secret}`).toString('base64');
      await deliver(created, ALERTMANAGER_FIRING, { Authorization: `Basic ${good}` }).expect(202);
      const bad = Buffer.from('alertmanager:nope').toString('base64');
      const res = await deliver(created, '{}', { Authorization: `Basic ${bad}` }).expect(401);
      expect(res.headers['www-authenticate']).toMatch(/^Basic/);
    });

    it('takes ?token= only for url-token integrations, and does not store it', async () => {
      const created = await integration({ authMode: 'url-token' });
      const token = encodeURIComponent(created.credentials[0].secret);
      await http
        .post(`${created.webhookPath}?token=${token}`)
        .set(JSON_TYPE)
        .send(ALERTMANAGER_FIRING.toString())
        .expect(202);
      const [row] = await deliveriesOf(created.id);
      expect(row.query).toEqual({ token: '[redacted]' });

      const bearerOnly = await integration();
      const other = encodeURIComponent(bearerOnly.credentials[0].secret);
      await http
        .post(`${bearerOnly.webhookPath}?token=${other}`)
        .set(JSON_TYPE)
        .send(ALERTMANAGER_FIRING.toString())
        .expect(401);
    });
  });

  describe('rotation', () => {
    it('keeps the old token working through the grace period, and only then', async () => {
      const created = await integration();
      const rotated = await http
        .post(`/api/v1/integrations/${created.id}/rotate`)
        .set(admin)
        .send({ graceSeconds: 600 })
        .expect(200);
      const fresh = { ...created, credentials: rotated.body.credentials };
      const body = (n: number) =>
        JSON.stringify({ ...JSON.parse(ALERTMANAGER_FIRING.toString()), groupKey: `g${n}` });

      await deliver(created, body(1), bearer(created)).expect(202);
      await deliver(fresh, body(2), bearer(fresh)).expect(202);
      clock.advance(601_000);
      await deliver(created, body(3), bearer(created)).expect(401);
      await deliver(fresh, body(4), bearer(fresh)).expect(202);
    });

    it('retires the old token at once with graceSeconds 0', async () => {
      const created = await integration();
      await http
        .post(`/api/v1/integrations/${created.id}/rotate`)
        .set(admin)
        .send({ graceSeconds: 0 })
        .expect(200);
      await deliver(created, ALERTMANAGER_FIRING, bearer(created)).expect(401);
    });
  });

  describe('vendor checks', () => {
    const GRAFANA_FIRING = fixture('grafana', 'firing.json');
    const sign = (secret: string, body: Buffer) =>
      createHmac('sha256', secret).update(body).digest('hex');

    it('accepts a Grafana delivery with a valid HMAC signature and refuses a tampered one', async () => {
      const created = await integration({ source: 'grafana', authMode: 'vendor' });
      const secret = created.credentials[0].secret;
      const signature = { 'X-Grafana-Alerting-Signature': sign(secret, GRAFANA_FIRING) };
      await deliver(created, GRAFANA_FIRING, signature).expect(202);

      const tampered = Buffer.from(GRAFANA_FIRING.toString().replace('firing', 'resolved'));
      const res = await deliver(created, tampered, signature).expect(401);
      expect(res.body.message).toMatch(/signature-mismatch/);
      // A bearer token is no substitute for the signature in vendor mode.
      await deliver(created, GRAFANA_FIRING, { Authorization: `Bearer ${secret}` }).expect(401);
      expect(pipeline.callsFor(created.id)).toHaveLength(1);
    });

    it('answers Opsgenie clients on the Alert API path with Opsgenie’s reply', async () => {
      const created = await integration({ source: 'opsgenie', authMode: 'vendor' });
      const res = await http
        .post(`${created.webhookPath}/v2/alerts`)
        .set({ ...JSON_TYPE, Authorization: `GenieKey ${created.credentials[0].secret}` })
        .send(fixture('opsgenie', 'create-alert.json').toString())
        .expect(202);
      expect(res.body).toMatchObject({
        result: 'Request will be processed',
        requestId: expect.any(String),
      });
      const [row] = await deliveriesOf(created.id);
      expect(row.path).toBe('/v2/alerts');
      expect((row.headers as Record<string, string>).authorization).toBe('[redacted]');
    });
  });

  it('maps generic JSON with the integration’s own mapping', async () => {
    const mapping = JSON.parse(fixture('generic-json', 'mapping.json').toString());
    const created = await integration({ source: 'generic-json', mapping });
    await deliver(created, fixture('generic-json', 'problem.json'), bearer(created)).expect(202);
    const [call] = pipeline.callsFor(created.id);
    expect(call.alerts.length).toBeGreaterThan(0);
    expect(call.alerts[0]).toMatchObject({ source: 'generic-json', status: 'firing' });
  });

  it('records an SNS subscription handshake without ingesting anything', async () => {
    const created = await integration({ source: 'cloudwatch-sns' });
    const res = await deliver(
      created,
      fixture('cloudwatch-sns', 'subscription-confirmation.json'),
      {
        ...bearer(created),
        'Content-Type': 'text/plain; charset=UTF-8',
        'x-amz-sns-message-type': 'SubscriptionConfirmation',
      },
    ).expect(200);
    expect(res.body).toEqual({ deliveryId: expect.any(String), handshake: 'confirm-subscription' });
    expect(pipeline.callsFor(created.id)).toHaveLength(0);
    const [row] = await deliveriesOf(created.id);
    expect(row.outcome).toMatchObject({ handshake: { action: 'confirm-subscription' } });
  });

  it('reads text/plain bodies (SNS) instead of refusing them with 415', async () => {
    const created = await integration({ source: 'cloudwatch-sns' });
    await deliver(created, fixture('cloudwatch-sns', 'notification-alarm.json'), {
      ...bearer(created),
      'Content-Type': 'text/plain; charset=UTF-8',
    }).expect(202);
    expect(pipeline.callsFor(created.id)).toHaveLength(1);
  });
});
