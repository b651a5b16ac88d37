import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger, type INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock, type OpenedDatabase } from '@sitrep/platform';
import { openIntakeTestDatabase, startIntakeApp, TEST_ADMIN_TOKEN } from './testing/intake.fixture';
import { DeliveryRecorder } from './delivery-recorder';
import { REFUSED_BODY_BYTES } from './webhook-intake.service';

const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const JSON_TYPE = { 'Content-Type': 'application/json' };
const sha256 = (body: Buffer | string) => createHash('sha256').update(body).digest('hex');

interface Created {
  id: string;
  webhookPath: string;
  credentials: { id: string; kind: string; secret: string }[];
}
type Row = Record<string, unknown>;

const FIRING = readFileSync(
  join(__dirname, '..', 'sources', 'alertmanager', 'fixtures', 'firing.json'),
).toString();

/** A valid Alertmanager delivery, padded by `size` bytes of annotation. */
function bigDelivery(size: number): string {
  const sent = JSON.parse(FIRING) as { alerts: { annotations: Record<string, string> }[] };
  sent.alerts[0].annotations.padding = 'x'.repeat(size);
  return JSON.stringify(sent);
}

describe('Webhook intake under abuse', () => {
  let opened: OpenedDatabase;
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  const clock = new ManualClock(new Date('2026-12-01T04:00:00.000Z'));

  beforeAll(async () => {
    opened = await openIntakeTestDatabase();
    app = await startIntakeApp({ db: opened.database, clock });
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
      .send({ source: 'alertmanager', name: `abuse-${randomUUID()}`, ...body })
      .expect(201);
    return res.body as Created;
  }
  const bearer = (created: Created) => ({
    Authorization: `Bearer ${created.credentials[0].secret}`,
  });
  async function recordOf(res: { headers: Record<string, string> }): Promise<Row> {
    const [row] = await opened.database.query<Row>(
      'SELECT * FROM webhook_deliveries WHERE id = $1',
      [res.headers['x-sitrep-delivery-id']],
    );
    return row;
  }

  describe('a delivery refused before it authenticated', () => {
    it('keeps only the first 4 KB of a body refused with 401, with its size and sha256', async () => {
      const created = await integration();
      const body = bigDelivery(200_000);
      const res = await http
        .post(created.webhookPath)
        .set({ ...JSON_TYPE, Authorization: 'Bearer whk_wrong' })
        .send(body)
        .expect(401);
      const row = await recordOf(res);
      expect(row.status).toBe('unauthenticated');
      expect((row.body as Buffer).equals(Buffer.from(body).subarray(0, REFUSED_BODY_BYTES))).toBe(
        true,
      );
      expect(row.body_sha256).toBe(sha256(body));
      expect(row.outcome).toMatchObject({
        code: 'WEBHOOK.UNAUTHENTICATED',
        body: { size: Buffer.byteLength(body), storedBytes: REFUSED_BODY_BYTES, truncated: true },
      });
    });

    it('keeps only the first 4 KB of a body refused with 403 (disabled)', async () => {
      const created = await integration();
      await http.post(`/api/v1/integrations/${created.id}/disable`).set(admin).expect(200);
      const body = bigDelivery(50_000);
      const res = await http
        .post(created.webhookPath)
        .set({ ...JSON_TYPE, ...bearer(created) })
        .send(body)
        .expect(403);
      const row = await recordOf(res);
      expect((row.body as Buffer).length).toBe(REFUSED_BODY_BYTES);
      expect(row.outcome).toMatchObject({ body: { truncated: true } });
    });

    it('keeps the whole body of an authenticated delivery, accepted or refused as invalid', async () => {
      const created = await integration();
      const body = bigDelivery(50_000);
      const accepted = await http
        .post(created.webhookPath)
        .set({ ...JSON_TYPE, ...bearer(created) })
        .send(body)
        .expect(202);
      expect((await recordOf(accepted)).body).toEqual(Buffer.from(body));
      const invalid = JSON.stringify({ padding: 'x'.repeat(50_000) });
      const refused = await http
        .post(created.webhookPath)
        .set({ ...JSON_TYPE, ...bearer(created) })
        .send(invalid)
        .expect(422);
      const row = await recordOf(refused);
      expect(row.body).toEqual(Buffer.from(invalid));
      expect(row.outcome).not.toHaveProperty('body');
    });
  });

  describe('credentials in stored bodies and logs', () => {
    const routingKeyOf = (created: Created) =>
      created.credentials.find((c) => c.kind === 'vendor-key')!.secret;
    const pagerDutyEvent = (routingKey: string) => {
      const sent = JSON.parse(
        readFileSync(
          join(__dirname, '..', 'sources', 'pagerduty', 'fixtures', 'trigger.json'),
        ).toString(),
      ) as { routing_key: string };
      sent.routing_key = routingKey;
      return JSON.stringify(sent, null, 2);
    };

    it('stores a PagerDuty body with its routing key replaced by a hash, retries alike', async () => {
      const created = await integration({ source: 'pagerduty', authMode: 'vendor' });
      const routingKey = routingKeyOf(created);
      const sent = pagerDutyEvent(routingKey);
      const send = () => http.post(created.webhookPath).set(JSON_TYPE).send(sent).expect(202);
      const [first, retry] = [await recordOf(await send()), await recordOf(await send())];
      const stored = (first.body as Buffer).toString();
      expect(stored).not.toContain(routingKey);
      expect(stored).toBe(
        sent.replace(routingKey, `[redacted:sha256:${sha256(routingKey).slice(0, 12)}]`),
      );
      expect(first.body_sha256).toBe(sha256(stored));
      expect(retry.body_sha256).toBe(first.body_sha256);
      expect(JSON.stringify([first, retry])).not.toContain(routingKey);
    });

    it('stores a refused PagerDuty body without the key it tried', async () => {
      const created = await integration({ source: 'pagerduty', authMode: 'vendor' });
      const tried = `${routingKeyOf(created)}-guess`;
      const res = await http
        .post(created.webhookPath)
        .set(JSON_TYPE)
        .send(pagerDutyEvent(tried))
        .expect(401);
      expect(((await recordOf(res)).body as Buffer).toString()).not.toContain(tried);
    });

    it('logs a 500 on a webhook without the URL token', async () => {
      const created = await integration({ authMode: 'url-token' });
      const token = created.credentials[0].secret;
      const logged: string[] = [];
      const keep = (...parts: unknown[]): void => void logged.push(parts.map(String).join(' '));
      Logger.overrideLogger({ log: keep, warn: keep, error: keep, debug: keep, verbose: keep });
      const failing = jest
        .spyOn(DeliveryRecorder.prototype, 'record')
        .mockRejectedValueOnce(new Error('the database went away'));
      try {
        await http
          .post(`${created.webhookPath}?token=${encodeURIComponent(token)}`)
          .set(JSON_TYPE)
          .send(bigDelivery(10))
          .expect(500);
      } finally {
        failing.mockRestore();
        Logger.overrideLogger(false);
      }
      expect(logged.join('\n')).toContain('token=[redacted]');
      expect(logged.join('\n')).not.toContain(token);
    });
  });

  describe('failed authentication (last: it spends this address’s budget)', () => {
    const wrong = (created: Created) =>
      http
        .post(created.webhookPath)
        .set({ ...JSON_TYPE, Authorization: 'Bearer whk_wrong' })
        .send(bigDelivery(10));

    it('answers 429 with Retry-After, unread and unrecorded, once an address failed 20 times a minute', async () => {
      const [one, two, three] = [await integration(), await integration(), await integration()];
      // Two earlier tests of this file failed authentication (401) already.
      for (let n = 2; n < 20; n += 1) await wrong(n % 2 ? one : two).expect(401);
      const limited = await http
        .post(three.webhookPath)
        .set({ ...JSON_TYPE, ...bearer(three) })
        .send(bigDelivery(10))
        .expect(429);
      expect(limited.body.code).toBe('TOO_MANY_AUTH_FAILURES');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(limited.headers['x-sitrep-delivery-id']).toBeUndefined();
      const rows = await opened.database.query(
        'SELECT 1 FROM webhook_deliveries WHERE integration_id = $1',
        [three.id],
      );
      expect(rows).toHaveLength(0);
      // The same address is held back on the API too.
      await http.get('/api/v1/integrations').set({ Authorization: 'Bearer nope' }).expect(429);
    });

    it('answers 429 to every sender of an integration that failed its own budget', async () => {
      const limitedApp = await startIntakeApp({
        db: opened.database,
        clock,
        authFailureLimit: { perClient: 1000, perIntegration: 3, windowSeconds: 60 },
      });
      try {
        const other = request(limitedApp.getHttpServer());
        const create = () =>
          other
            .post('/api/v1/integrations')
            .set(admin)
            .send({ source: 'alertmanager', name: `abuse-${randomUUID()}` })
            .expect(201)
            .then((res) => res.body as Created);
        const [target, bystander] = [await create(), await create()];
        const send = (created: Created, headers: Record<string, string>) =>
          other
            .post(created.webhookPath)
            .set({ ...JSON_TYPE, ...headers })
            .send(bigDelivery(10));
        for (let n = 0; n < 3; n += 1) {
          await send(target, { Authorization: 'Bearer whk_wrong' }).expect(401);
        }
        const limited = await send(target, bearer(target)).expect(429);
        expect(limited.body.message).toContain('this integration');
        await send(bystander, bearer(bystander)).expect(202);
      } finally {
        await limitedApp.close();
      }
    });
  });
});
