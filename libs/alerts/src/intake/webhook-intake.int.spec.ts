import { createHash, createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import request from 'supertest';
import { ManualClock, type OpenedDatabase } from '@sitrep/platform';
import type { AlertSource } from '../alert-source';
import {
  INTEGRATION_REFRESH_MS,
  IntegrationDirectory,
} from '../integrations/integration-directory';
import { IntegrationService } from '../integrations/integration.service';
import { payloadHashOf } from '../normalized-alert';
import { createSourceRegistry, SourceRegistry } from '../source-registry';
import { alertmanagerSource } from '../sources/alertmanager/alertmanager.source';
import { DeliveriesAccepted, DeliveryRecorder } from './delivery-recorder';
import { openIntakeTestDatabase, startIntakeApp, TEST_ADMIN_TOKEN } from './testing/intake.fixture';
import { deliveryStore, type DeliveryRecord } from './webhook-delivery.store';

const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const fixture = (source: string, file: string) =>
  readFileSync(join(__dirname, '..', 'sources', source, 'fixtures', file));
const ALERTMANAGER_FIRING = fixture('alertmanager', 'firing.json');
const JSON_TYPE = { 'Content-Type': 'application/json' };
const DELIVERY_ID = 'x-sitrep-delivery-id';
const sha256 = (body: Buffer | string) => createHash('sha256').update(body).digest('hex');

/** Alertmanager, except that its parser has a bug: a body saying "explode" makes it throw. */
const FLAKY = 'flaky';
const flakySource: AlertSource = {
  ...(alertmanagerSource as AlertSource),
  name: FLAKY,
  parse: (delivery) => {
    if (delivery.rawBody.toString().includes('explode')) throw new Error('parser bug: explode');
    return (alertmanagerSource as AlertSource).parse(delivery);
  },
};

interface Created {
  id: string;
  webhookPath: string;
  credentials: { id: string; kind: string; secret: string }[];
}

type Row = Record<string, unknown>;

describe('Webhook intake', () => {
  let opened: OpenedDatabase;
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  const clock = new ManualClock(new Date('2026-11-27T04:00:00.000Z'));
  /** DeliveriesAccepted notices published so far (they wake a processor in the process). */
  let accepted = 0;

  beforeAll(async () => {
    opened = await openIntakeTestDatabase();
    const shipped = createSourceRegistry();
    const sources = new SourceRegistry([
      ...shipped.names().map((name) => shipped.get(name)!),
      { source: flakySource },
    ]);
    app = await startIntakeApp({
      db: opened.database,
      clock,
      rateLimit: { perSecond: 1, burst: 5 },
      sources,
    });
    app.get(EventBus).subscribe((event) => {
      if (event instanceof DeliveriesAccepted) accepted += 1;
    });
    http = request(app.getHttpServer());
  });
  afterAll(async () => {
    await app?.close();
    await opened?.dataSource.destroy();
  });
  afterEach(() => jest.restoreAllMocks());

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
    opened.database.query<Row>(
      'SELECT * FROM webhook_deliveries WHERE integration_id = $1 ORDER BY received_at, seq',
      [integrationId],
    );
  /** The one record a delivery left, named by its answer's X-Sitrep-Delivery-Id. */
  async function recordOf(answer: { headers: Record<string, string> }): Promise<Row> {
    const id = answer.headers[DELIVERY_ID];
    expect(id).toEqual(expect.any(String));
    const rows = await opened.database.query<Row>(
      'SELECT * FROM webhook_deliveries WHERE id = $1',
      [id],
    );
    expect(rows).toHaveLength(1);
    return rows[0];
  }
  /**
   * Runs a refused delivery and checks it left exactly one record, with the refusal, no alerts
   * for the processor, and nothing announced as accepted.
   */
  async function expectRefusal(
    created: Created,
    send: () => Promise<request.Response>,
    expected: { status: number; code: string; recorded: string },
  ): Promise<{ res: request.Response; row: Row }> {
    const before = (await deliveriesOf(created.id)).length;
    const announced = accepted;
    const res = await send();
    expect({ status: res.status, code: res.body.code }).toEqual({
      status: expected.status,
      code: expected.code,
    });
    const row = await recordOf(res);
    expect(row).toMatchObject({
      integration_id: created.id,
      status: expected.recorded,
      alerts: null,
      outcome: { code: expected.code, message: res.body.message },
    });
    expect(await deliveriesOf(created.id)).toHaveLength(before + 1);
    expect(accepted).toBe(announced);
    return { res, row };
  }

  describe('an accepted delivery', () => {
    it('is recorded once, with its mapped alerts, and answered 202 naming the record', async () => {
      const created = await integration();
      const announced = accepted;
      const res = await deliver(created, ALERTMANAGER_FIRING, bearer(created)).expect(202);

      expect(res.body).toEqual({
        deliveryId: res.headers[DELIVERY_ID],
        status: 'accepted',
        alerts: [
          { dedupKey: '7f3c1a9d02be44e1', status: 'firing' },
          { dedupKey: 'b91e0047c6d3a2f8', status: 'firing' },
        ],
      });
      const rows = await deliveriesOf(created.id);
      expect(rows).toHaveLength(1);
      const [row] = rows;
      expect(row).toMatchObject({
        id: res.body.deliveryId,
        status: 'accepted',
        source: 'alertmanager',
        path: '',
        body_sha256: sha256(ALERTMANAGER_FIRING),
        received_at: clock.now(),
        completed_at: clock.now(),
        outcome: { answer: { status: 202, body: res.body } },
      });
      expect(row.auth_result).toBe(`accepted: bearer (credential ${created.credentials[0].id})`);
      expect(Buffer.compare(row.body as Buffer, ALERTMANAGER_FIRING)).toBe(0);
      expect((row.headers as Record<string, string>).authorization).toBe('[redacted]');
      expect(JSON.stringify(row)).not.toContain(created.credentials[0].secret);

      // What the processor will read: the mapped alerts, each with the hash of its own part.
      const sent = JSON.parse(ALERTMANAGER_FIRING.toString());
      expect(row.alerts).toEqual([
        expect.objectContaining({
          source: 'alertmanager',
          dedupKey: '7f3c1a9d02be44e1',
          status: 'firing',
          summary: 'Checkout API 5xx ratio above 5% for 5 minutes',
          payloadHash: payloadHashOf(sent.alerts[0]),
        }),
        expect.objectContaining({
          source: 'alertmanager',
          dedupKey: 'b91e0047c6d3a2f8',
          status: 'firing',
          summary: 'Checkout API p99 latency above 2s',
          payloadHash: payloadHashOf(sent.alerts[1]),
        }),
      ]);
      for (const queued of row.alerts as object[]) expect(queued).not.toHaveProperty('raw');
      expect(accepted).toBe(announced + 1);
    });

    it('can be read back for audit, body in base64', async () => {
      const created = await integration();
      const res = await deliver(created, ALERTMANAGER_FIRING, bearer(created)).expect(202);
      const audit = await http
        .get(`/api/v1/deliveries/${res.headers[DELIVERY_ID]}`)
        .set(admin)
        .expect(200);
      expect(audit.body).toMatchObject({
        id: res.body.deliveryId,
        integrationId: created.id,
        status: 'accepted',
        bodySha256: sha256(ALERTMANAGER_FIRING),
        outcome: { answer: { status: 202, body: res.body } },
      });
      expect(Buffer.from(audit.body.bodyBase64, 'base64').equals(ALERTMANAGER_FIRING)).toBe(true);
      await http.get(`/api/v1/deliveries/${randomUUID()}`).set(admin).expect(404);
      await http.get(`/api/v1/deliveries/${res.body.deliveryId}`).expect(401);
    });

    it('is recorded and answered afresh when the sender retries the same bytes', async () => {
      // Telling a retry from a new delivery is the processor's work; the intake records both.
      const created = await integration();
      const first = await deliver(created, ALERTMANAGER_FIRING, bearer(created)).expect(202);
      const second = await deliver(created, ALERTMANAGER_FIRING, bearer(created)).expect(202);
      expect(second.body.deliveryId).not.toBe(first.body.deliveryId);
      expect(second.body).toEqual({ ...first.body, deliveryId: second.headers[DELIVERY_ID] });
      const rows = await deliveriesOf(created.id);
      expect(rows.map((r) => [r.id, r.status, r.body_sha256])).toEqual([
        [first.body.deliveryId, 'accepted', sha256(ALERTMANAGER_FIRING)],
        [second.body.deliveryId, 'accepted', sha256(ALERTMANAGER_FIRING)],
      ]);
    });

    it('records identical copies arriving together once each, each answered with its own record', async () => {
      const created = await integration();
      const answers = await Promise.all(
        [1, 2, 3].map(() => deliver(created, ALERTMANAGER_FIRING, bearer(created))),
      );
      expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
      const answered = answers.map((a) => a.headers[DELIVERY_ID]);
      expect(new Set(answered).size).toBe(3);
      expect(answers.map((a) => a.body.deliveryId)).toEqual(answered);
      const rows = await deliveriesOf(created.id);
      expect(rows.map((r) => r.id).sort()).toEqual([...answered].sort());
      expect(rows.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted']);
    });

    it('is durable by the time its answer arrives, also among many at once', async () => {
      const integrations = await Promise.all([1, 2, 3, 4, 5].map(() => integration()));
      // Four per integration stays within the burst of the rate limit.
      const sends = integrations.flatMap((created) =>
        [1, 2, 3, 4].map((n) =>
          deliver(
            created,
            JSON.stringify({ ...JSON.parse(ALERTMANAGER_FIRING.toString()), groupKey: `g${n}` }),
            bearer(created),
          ).then(async (res) => {
            expect(res.status).toBe(202);
            // Read as soon as this answer arrived, whatever the others are doing.
            await recordOf(res);
            return res.headers[DELIVERY_ID];
          }),
        ),
      );
      const answered = await Promise.all(sends);
      expect(new Set(answered).size).toBe(20);
      for (const created of integrations) expect(await deliveriesOf(created.id)).toHaveLength(4);
    });
    it('keeps what PostgreSQL cannot store (NUL, unpaired surrogates) out of the way of the record', async () => {
      const created = await integration();
      const sent = JSON.parse(ALERTMANAGER_FIRING.toString()) as {
        alerts: { labels: Record<string, string>; annotations: Record<string, string> }[];
      };
      sent.alerts[0].labels.instance = 'host\u0000a';
      sent.alerts[0].annotations.summary = 'lone \ud800 surrogate, paired \ud83d\ude00';
      const body = JSON.stringify(sent);
      clock.advance(1);
      const res = await http
        .post(`${created.webhookPath}?tag=%00x`)
        .set({ ...JSON_TYPE, ...bearer(created) })
        .send(body)
        .expect(202);

      const row = await recordOf(res);
      expect((row.body as Buffer).toString()).toBe(body); // the exact bytes, as sent
      expect(row.query).toEqual({ tag: '\ufffdx' });
      const [alert] = row.alerts as { labels: Record<string, string>; summary: string }[];
      expect(alert.labels.instance).toBe('host\ufffda');
      expect(alert.summary).toBe('lone \ufffd surrogate, paired \ud83d\ude00');
    });
  });

  describe('the group-commit writer', () => {
    const recordFor = (integrationId: string, n: number): DeliveryRecord => {
      const body = Buffer.from(JSON.stringify({ n, unique: randomUUID() }));
      return {
        id: randomUUID(),
        integrationId,
        source: 'alertmanager',
        receivedAt: clock.now(),
        path: '',
        query: {},
        headers: {},
        body,
        bodySha256: sha256(body),
        authResult: 'accepted: bearer (credential test)',
        status: 'accepted',
        outcome: { answer: { status: 202, body: {} } },
        alerts: [],
        completedAt: clock.now(),
      };
    };

    it('writes many deliveries in few inserts, and answers each only once its row committed', async () => {
      const created = await integration();
      const steps: string[] = [];
      const committed = new Set<string>();
      const insertMany = deliveryStore.insertMany.bind(deliveryStore);
      const inserts = jest
        .spyOn(deliveryStore, 'insertMany')
        .mockImplementation(async (sql, records) => {
          await insertMany(sql, records);
          for (const r of records) committed.add(r.id);
          steps.push(`insert ${records.length}`);
        });
      const eventBus = { publish: jest.fn(() => steps.push('announce')) };
      const recorder = new DeliveryRecorder(opened.database, eventBus as unknown as EventBus);

      const records = Array.from({ length: 1001 }, (_, n) => recordFor(created.id, n));
      const answeredBeforeCommit: string[] = [];
      await Promise.all(
        records.map((r) =>
          recorder.record(r).then(() => {
            if (!committed.has(r.id)) answeredBeforeCommit.push(r.id);
          }),
        ),
      );

      expect(answeredBeforeCommit).toEqual([]);
      // Alone, the first is written at once; the rest wait for it, then go 500 per statement.
      expect(inserts.mock.calls.map(([, batch]) => batch.length)).toEqual([1, 500, 500]);
      expect(steps).toEqual([
        'insert 1',
        'announce',
        'insert 500',
        'announce',
        'insert 500',
        'announce',
      ]);
      const rows = await deliveriesOf(created.id);
      expect(rows).toHaveLength(1001);
      expect(new Set(rows.map((r) => r.id))).toEqual(new Set(records.map((r) => r.id)));
    });

    it('writes deliveries carrying NUL or unpaired surrogates, and the rest of their insert', async () => {
      const created = await integration();
      const recorder = new DeliveryRecorder(opened.database, {
        publish: () => undefined,
      } as unknown as EventBus);
      const odd = {
        ...recordFor(created.id, 1),
        path: '/x\u0000',
        headers: { 'x-odd': '\ud800' },
        outcome: { code: 'X', message: 'quoted \u0000' },
      };
      const records = [recordFor(created.id, 0), odd, recordFor(created.id, 2)];
      await Promise.all(records.map((r) => recorder.record(r)));
      const rows = await deliveriesOf(created.id);
      expect(rows.map((r) => r.id)).toEqual(records.map((r) => r.id));
      expect(rows[1]).toMatchObject({
        path: '/x\ufffd',
        headers: { 'x-odd': '\ufffd' },
        outcome: { message: 'quoted \ufffd' },
      });
    });

    it('fails the callers of an insert that failed, and only them, and carries on', async () => {
      const created = await integration();
      const recorder = new DeliveryRecorder(opened.database, {
        publish: () => undefined,
      } as unknown as EventBus);
      const first = recordFor(created.id, 0);
      // Written together while the first is being written; one breaks the status check.
      const unwritable = {
        ...recordFor(created.id, 1),
        status: 'lost' as DeliveryRecord['status'],
      };
      const sameGroup = recordFor(created.id, 2);
      const results = await Promise.allSettled([
        recorder.record(first),
        recorder.record(unwritable),
        recorder.record(sameGroup),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
      await recorder.record(recordFor(created.id, 3));
      expect((await deliveriesOf(created.id)).map((r) => (r.body as Buffer).toString())).toEqual([
        first.body.toString(),
        expect.stringContaining('"n":3'),
      ]);
    });
  });

  describe('refused deliveries: recorded once with the refusal, nothing accepted', () => {
    it('answers a wrong token with 401 and records the rejection', async () => {
      const created = await integration();
      const { res, row } = await expectRefusal(
        created,
        () => deliver(created, ALERTMANAGER_FIRING, { Authorization: 'Bearer whk_wrong' }),
        { status: 401, code: 'WEBHOOK.UNAUTHENTICATED', recorded: 'unauthenticated' },
      );
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(row.auth_result).toBe(
        'rejected: a bearer token was presented but matches no live credential',
      );
      expect(Buffer.compare(row.body as Buffer, ALERTMANAGER_FIRING)).toBe(0);
    });

    it('answers a missing token with 401', async () => {
      const created = await integration();
      const { row } = await expectRefusal(
        created,
        () => deliver(created, ALERTMANAGER_FIRING, {}),
        { status: 401, code: 'WEBHOOK.UNAUTHENTICATED', recorded: 'unauthenticated' },
      );
      expect(row.auth_result).toBe('rejected: a bearer token is required');
    });

    it('answers a payload that validates yet maps to unusable alerts with 422 naming them', async () => {
      const created = await integration({ source: 'google-cloud-monitoring' });
      const { res } = await expectRefusal(
        created,
        () => deliver(created, '{"version":"1.2","incident":[[[]]]}', bearer(created)),
        { status: 422, code: 'WEBHOOK.UNPROCESSABLE', recorded: 'invalid' },
      );
      expect(res.body.details).toEqual(
        expect.arrayContaining([
          'alerts.0.dedupKey must be a non-empty string',
          'alerts.0.summary must be a string',
        ]),
      );
    });

    it('accepts what a vendor may leave null: such optional fields and labels are left out', async () => {
      const created = await integration({ source: 'pagerduty', authMode: 'vendor' });
      const sent = JSON.parse(fixture('pagerduty', 'trigger.json').toString()) as {
        routing_key: string;
        payload: Record<string, unknown>;
      };
      sent.routing_key = created.credentials.find((c) => c.kind === 'vendor-key')!.secret;
      sent.payload.component = null;
      sent.payload.group = null;
      const res = await deliver(created, JSON.stringify(sent), {}).expect(202);
      const [alert] = (await recordOf(res)).alerts as { labels: Record<string, unknown> }[];
      expect(alert.labels).not.toHaveProperty('component');
      expect(Object.values(alert.labels).every((value) => typeof value === 'string')).toBe(true);
    });

    it('names the service from the labels the integration says, in order', async () => {
      const created = await integration({ serviceFrom: ['app', 'team'] });
      const res = await deliver(created, ALERTMANAGER_FIRING, bearer(created)).expect(202);
      const alerts = (await recordOf(res)).alerts as { service?: string }[];
      expect(alerts.map((a) => a.service)).toEqual(['payments', 'payments']);
    });

    it('takes a service of only whitespace as none, and refuses such a dedup key with 422', async () => {
      const created = await integration();
      const sent = JSON.parse(ALERTMANAGER_FIRING.toString()) as {
        alerts: { labels: Record<string, string>; fingerprint: string }[];
      };
      sent.alerts[0].labels.service = ' \t';
      sent.alerts[1].labels.service = ' checkout-api ';
      const res = await deliver(created, JSON.stringify(sent), bearer(created)).expect(202);
      const alerts = (await recordOf(res)).alerts as { service?: string }[];
      expect(alerts[0]).not.toHaveProperty('service');
      expect(alerts[1].service).toBe('checkout-api');

      sent.alerts[0].fingerprint = '  ';
      const { res: refused } = await expectRefusal(
        created,
        () => deliver(created, JSON.stringify(sent), bearer(created)),
        { status: 422, code: 'WEBHOOK.UNPROCESSABLE', recorded: 'invalid' },
      );
      expect(refused.body.details).toEqual(['alerts.0.dedupKey must not be only whitespace']);
    });

    it('answers a PagerDuty event it cannot take with PagerDuty’s own 400 body, and records it', async () => {
      const created = await integration({ source: 'pagerduty', authMode: 'vendor' });
      const routingKey = created.credentials.find((c) => c.kind === 'vendor-key')!.secret;
      const sent = JSON.parse(fixture('pagerduty', 'trigger.json').toString()) as {
        routing_key: string;
        event_action: string;
        payload: Record<string, unknown>;
      };
      sent.routing_key = routingKey;
      sent.event_action = 'explode';
      const res = await deliver(created, JSON.stringify(sent), {}).expect(400);
      expect(res.body).toEqual({
        status: 'invalid event',
        message: 'Event object is invalid',
        errors: [expect.stringContaining('event_action')],
      });
      expect(await recordOf(res)).toMatchObject({
        status: 'invalid',
        alerts: null,
        outcome: { code: 'WEBHOOK.MALFORMED' },
      });
      // Malformed JSON is a bad event too, in PagerDuty's terms (no routing key in it to check:
      // an integration taking a bearer token).
      const bearerOnly = await integration({ source: 'pagerduty' });
      const malformed = await deliver(bearerOnly, '{"routing_key":', bearer(bearerOnly)).expect(
        400,
      );
      expect(malformed.body).toMatchObject({ status: 'invalid event', errors: expect.any(Array) });
    });

    it('answers a disabled integration with 403', async () => {
      const created = await integration();
      await http.post(`/api/v1/integrations/${created.id}/disable`).set(admin).expect(200);
      const { row } = await expectRefusal(
        created,
        () => deliver(created, ALERTMANAGER_FIRING, bearer(created)),
        { status: 403, code: 'WEBHOOK.INTEGRATION_DISABLED', recorded: 'disabled' },
      );
      expect(row.auth_result).toBe('not checked: disabled');
      expect((await deliveriesOf(created.id)).map((r) => r.status)).toEqual(['disabled']);
    });

    it('answers an unknown integration, a malformed id or the wrong source with 404, unrecorded', async () => {
      const created = await integration();
      const unknown = randomUUID();
      for (const path of [
        `/webhooks/alertmanager/${unknown}`,
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
        expect(res.headers[DELIVERY_ID]).toBeUndefined();
      }
      expect(await deliveriesOf(created.id)).toHaveLength(0);
      expect(await deliveriesOf(unknown)).toHaveLength(0);
    });

    it('answers malformed JSON with 400 naming the problem', async () => {
      const created = await integration();
      const { res, row } = await expectRefusal(
        created,
        () => deliver(created, '{"status": "firing",', bearer(created)),
        { status: 400, code: 'WEBHOOK.MALFORMED', recorded: 'invalid' },
      );
      expect(res.body.message).toMatch(/JSON/);
      expect((row.body as Buffer).toString()).toBe('{"status": "firing",');
      expect(row.auth_result).toMatch(/^accepted: bearer/);
    });

    it('answers JSON of the wrong shape with 422 naming the fields', async () => {
      const created = await integration();
      const { res, row } = await expectRefusal(
        created,
        () => deliver(created, JSON.stringify({ hello: 'world' }), bearer(created)),
        { status: 422, code: 'WEBHOOK.UNPROCESSABLE', recorded: 'invalid' },
      );
      expect(res.body.details.length).toBeGreaterThan(0);
      expect((row.outcome as { details: unknown }).details).toEqual(res.body.details);
    });

    it('answers a body over 1 MiB with 413 before it reaches the intake', async () => {
      const created = await integration();
      const huge = JSON.stringify({ padding: 'x'.repeat(1024 * 1024) });
      const res = await deliver(created, huge, bearer(created)).expect(413);
      expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
      expect(res.headers[DELIVERY_ID]).toBeUndefined();
      expect(await deliveriesOf(created.id)).toHaveLength(0);
    });

    it('answers 429 with Retry-After past the integration’s burst', async () => {
      const created = await integration();
      const other = await integration();
      const bodies = [1, 2, 3, 4, 5].map((n) => JSON.stringify({ n }));
      // Wrong shapes still spend tokens: the limit protects the intake, whatever comes in.
      for (const body of bodies) await deliver(created, body, bearer(created)).expect(422);
      const { res } = await expectRefusal(
        created,
        () => deliver(created, ALERTMANAGER_FIRING, bearer(created)),
        { status: 429, code: 'WEBHOOK.RATE_LIMITED', recorded: 'rate-limited' },
      );
      expect(res.headers['retry-after']).toBe('1');
      await deliver(other, ALERTMANAGER_FIRING, bearer(other)).expect(202);
      clock.advance(1000);
      await deliver(created, ALERTMANAGER_FIRING, bearer(created)).expect(202);
      expect((await deliveriesOf(created.id)).map((r) => r.status)).toEqual([
        ...Array<string>(5).fill('invalid'),
        'rate-limited',
        'accepted',
      ]);
    });

    it('answers 500 when the intake itself fails, records the failure, and accepts the sender’s retry', async () => {
      const created = await integration({ source: FLAKY });
      const failing = JSON.stringify({ ...JSON.parse(ALERTMANAGER_FIRING.toString()), explode: 1 });
      const res = await deliver(created, failing, bearer(created)).expect(500);
      const [row] = await deliveriesOf(created.id);
      expect(row).toMatchObject({
        status: 'failed',
        alerts: null,
        outcome: { code: 'INTERNAL', message: 'parser bug: explode' },
      });
      expect(res.headers[DELIVERY_ID]).toBe(row.id);
      await deliver(created, ALERTMANAGER_FIRING, bearer(created)).expect(202);
      expect((await deliveriesOf(created.id)).map((r) => r.status)).toEqual(['failed', 'accepted']);
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
      const rows = await deliveriesOf(created.id);
      expect(rows.map((r) => r.status)).toEqual(['accepted', 'unauthenticated']);
      expect(rows[0].auth_result).toMatch(/^accepted: basic/);
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
      expect(JSON.stringify(row)).not.toContain(created.credentials[0].secret);

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

  describe('the integration cache', () => {
    /** Stops the cache's time, so only an explicit forget can make it read again. */
    const freezeCacheTime = () => {
      const frozen = Date.now();
      const now = jest.spyOn(Date, 'now').mockReturnValue(frozen);
      return { pass: (ms: number) => now.mockReturnValue(frozen + ms) };
    };

    it('applies a disable or enable through IntegrationService to the very next delivery', async () => {
      const created = await integration();
      const service = app.get(IntegrationService);
      freezeCacheTime();
      await deliver(created, ALERTMANAGER_FIRING, bearer(created)).expect(202);
      await service.setEnabled(created.id, false);
      const refused = await deliver(created, ALERTMANAGER_FIRING, bearer(created)).expect(403);
      expect(refused.body.code).toBe('WEBHOOK.INTEGRATION_DISABLED');
      await service.setEnabled(created.id, true);
      await deliver(created, ALERTMANAGER_FIRING, bearer(created)).expect(202);
      expect((await deliveriesOf(created.id)).map((r) => r.status)).toEqual([
        'accepted',
        'disabled',
        'accepted',
      ]);
    });

    it('applies a rotation through IntegrationService to the very next delivery', async () => {
      const created = await integration();
      freezeCacheTime();
      await deliver(created, ALERTMANAGER_FIRING, bearer(created)).expect(202);
      const rotated = await app.get(IntegrationService).rotate(created.id, 0);
      const fresh = { ...created, credentials: rotated.credentials };
      await deliver(created, ALERTMANAGER_FIRING, bearer(created)).expect(401);
      await deliver(fresh, ALERTMANAGER_FIRING, bearer(fresh)).expect(202);
    });

    it('sees a change made elsewhere (another replica) at the next background refresh', async () => {
      const created = await integration();
      freezeCacheTime(); // reads never age: only the refresh can bring the change
      await deliver(created, ALERTMANAGER_FIRING, bearer(created)).expect(202);
      await opened.database.query('UPDATE integrations SET enabled = false WHERE id = $1', [
        created.id,
      ]);
      // The cached read (no database: time stands still) changes once the refresher has run.
      const directory = app.get(IntegrationDirectory);
      const deadline = performance.now() + 20 * INTEGRATION_REFRESH_MS;
      while ((await directory.find(created.id))?.integration.enabled !== false) {
        if (performance.now() > deadline) throw new Error('the refresh never came');
        await new Promise((r) => setTimeout(r, 50));
      }
      await deliver(created, ALERTMANAGER_FIRING, bearer(created)).expect(403);
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
      const rows = await deliveriesOf(created.id);
      expect(rows.map((r) => r.status)).toEqual(['accepted', 'unauthenticated', 'unauthenticated']);
      expect(rows[0].auth_result).toBe(
        `accepted: grafana-hmac-sha256 (credential ${created.credentials[0].id})`,
      );
    });

    it('takes Grafana’s timestamped signature in the headers the integration names, and refuses a stale or unstamped one', async () => {
      const created = await integration({
        source: 'grafana',
        authMode: 'vendor',
        signatureHeaders: { signature: 'X-Signature', timestamp: 'X-Signature-Timestamp' },
      });
      expect(created).toMatchObject({
        signatureHeaders: { signature: 'x-signature', timestamp: 'x-signature-timestamp' },
      });
      const secret = created.credentials[0].secret;
      const stamped = (secondsAgo: number) => {
        const timestamp = String(Math.floor(clock.now().getTime() / 1000) - secondsAgo);
        return {
          'X-Signature': sign(
            secret,
            Buffer.concat([Buffer.from(`${timestamp}:`), GRAFANA_FIRING]),
          ),
          'X-Signature-Timestamp': timestamp,
        };
      };
      await deliver(created, GRAFANA_FIRING, stamped(10)).expect(202);
      for (const [headers, reason] of [
        [stamped(301), 'timestamp-outside-tolerance'],
        [stamped(-301), 'timestamp-outside-tolerance'],
        [{ 'X-Signature': sign(secret, GRAFANA_FIRING) }, 'missing-timestamp'],
      ] as const) {
        const res = await deliver(created, GRAFANA_FIRING, headers).expect(401);
        expect(res.body).toMatchObject({
          code: 'WEBHOOK.UNAUTHENTICATED',
          message: `Authentication failed: ${reason}`,
        });
      }
      expect((await deliveriesOf(created.id)).map((r) => r.status)).toEqual([
        'accepted',
        'unauthenticated',
        'unauthenticated',
        'unauthenticated',
      ]);
    });

    it('refuses signature headers for a source that does not sign that way, and bad header names', async () => {
      for (const body of [
        { source: 'alertmanager', signatureHeaders: { timestamp: 'x-ts' } },
        { source: 'grafana', signatureHeaders: { timestamp: 'x ts: 1' } },
      ]) {
        const res = await http
          .post('/api/v1/integrations')
          .set(admin)
          .send({ name: `it-${randomUUID()}`, authMode: 'vendor', ...body })
          .expect(400);
        expect(JSON.stringify(res.body)).toContain('signatureHeaders');
      }
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
      const row = await recordOf(res);
      expect(row).toMatchObject({
        integration_id: created.id,
        status: 'accepted',
        path: '/v2/alerts',
        outcome: { answer: { status: 202, body: res.body } },
      });
      expect(row.alerts).toHaveLength(1);
      expect((row.headers as Record<string, string>).authorization).toBe('[redacted]');
    });

    it('takes Alertmanager’s updates, acknowledgements and heartbeat pings from Opsgenie clients', async () => {
      const created = await integration({ source: 'opsgenie', authMode: 'vendor' });
      const genieKey = { ...JSON_TYPE, Authorization: `GenieKey ${created.credentials[0].secret}` };
      const alias = `${created.webhookPath}/v2/alerts/payments-db-replication-lag`;
      const updated = await http
        .put(`${alias}/message?identifierType=alias`)
        .set(genieKey)
        .send(fixture('opsgenie', 'update-message.json').toString())
        .expect(202);
      expect(await recordOf(updated)).toMatchObject({
        path: '/v2/alerts/payments-db-replication-lag/message',
        status: 'accepted',
        alerts: [{ dedupKey: 'payments-db-replication-lag', status: 'firing' }],
      });

      const acked = await http
        .post(`${alias}/acknowledge?identifierType=alias`)
        .set(genieKey)
        .send(fixture('opsgenie', 'acknowledge-alert.json').toString())
        .expect(202);
      expect(acked.body).toMatchObject({ result: 'Request will be processed' });
      expect(await recordOf(acked)).toMatchObject({
        status: 'accepted',
        alerts: [],
        outcome: { handshake: { action: 'acknowledge', detail: { by: 'jane.doe@example.com' } } },
      });

      const ping = await http
        .get(`${created.webhookPath}/v2/heartbeats/nightly-backup/ping`)
        .set({ Authorization: genieKey.Authorization })
        .expect(202);
      expect(ping.body).toMatchObject({ result: 'PONG - Heartbeat received' });
      expect(await recordOf(ping)).toMatchObject({
        status: 'accepted',
        path: '/v2/heartbeats/nightly-backup/ping',
        alerts: [],
        outcome: { handshake: { action: 'heartbeat', detail: { name: 'nightly-backup' } } },
      });
      await http
        .get(`${created.webhookPath}/v2/heartbeats/nightly-backup/ping`)
        .set({ Authorization: 'GenieKey wrong' })
        .expect(401);
    });

    it('takes Opsgenie’s outgoing webhook at the integration URL', async () => {
      const created = await integration({ source: 'opsgenie' });
      const res = await deliver(
        created,
        fixture('opsgenie', 'webhook-create.json'),
        bearer(created),
      ).expect(202);
      expect((await recordOf(res)).alerts).toMatchObject([
        { dedupKey: 'payments-db-replication-lag', status: 'firing', severity: 'SEV2' },
      ]);
      const note = await deliver(
        created,
        fixture('opsgenie', 'webhook-add-note.json'),
        bearer(created),
      ).expect(202);
      expect(await recordOf(note)).toMatchObject({
        alerts: [],
        outcome: { handshake: { action: 'ignored', detail: { action: 'AddNote' } } },
      });
    });

    it('answers other methods 404 where the source takes only POST, recording nothing', async () => {
      const created = await integration();
      await http
        .put(`${created.webhookPath}/v2/alerts`)
        .set(bearer(created))
        .send('{}')
        .expect(404);
      await http.get(`${created.webhookPath}/x`).set(bearer(created)).expect(404);
      expect(await deliveriesOf(created.id)).toEqual([]);
    });
  });

  it('maps generic JSON with the integration’s own mapping', async () => {
    const mapping = JSON.parse(fixture('generic-json', 'mapping.json').toString());
    const created = await integration({ source: 'generic-json', mapping });
    await deliver(created, fixture('generic-json', 'problem.json'), bearer(created)).expect(202);
    const [row] = await deliveriesOf(created.id);
    const alerts = row.alerts as Record<string, unknown>[];
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts[0]).toMatchObject({
      source: 'generic-json',
      status: 'firing',
      payloadHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('records Google Cloud Monitoring’s test notification as a test, with no alerts', async () => {
    const created = await integration({ source: 'google-cloud-monitoring' });
    const res = await deliver(
      created,
      fixture('google-cloud-monitoring', 'test-notification.json'),
      bearer(created),
    ).expect(200);
    expect(res.body).toEqual({ deliveryId: res.headers[DELIVERY_ID], handshake: 'test' });
    expect(await recordOf(res)).toMatchObject({
      status: 'accepted',
      alerts: [],
      outcome: { handshake: { action: 'test', detail: { summary: 'Test Incident' } } },
    });
  });

  it('records an SNS subscription handshake as accepted with no alerts', async () => {
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
    expect(res.body).toEqual({
      deliveryId: res.headers[DELIVERY_ID],
      handshake: 'confirm-subscription',
    });
    const row = await recordOf(res);
    expect(row).toMatchObject({
      status: 'accepted',
      alerts: [],
      outcome: { answer: { status: 200, body: res.body } },
    });
  });

  it('reads text/plain bodies (SNS) instead of refusing them with 415', async () => {
    const created = await integration({ source: 'cloudwatch-sns' });
    const res = await deliver(created, fixture('cloudwatch-sns', 'notification-alarm.json'), {
      ...bearer(created),
      'Content-Type': 'text/plain; charset=UTF-8',
    }).expect(202);
    const row = await recordOf(res);
    expect(row.alerts).toEqual([
      expect.objectContaining({ source: 'cloudwatch-sns', status: 'firing' }),
    ]);
  });
});
