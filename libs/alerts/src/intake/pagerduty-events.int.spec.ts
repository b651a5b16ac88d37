import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock, type OpenedDatabase } from '@sitrep/platform';
import { openIntakeTestDatabase, startIntakeApp, TEST_ADMIN_TOKEN } from './testing/intake.fixture';

const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const JSON_TYPE = { 'Content-Type': 'application/json' };
const fixture = (name: string) =>
  JSON.parse(
    readFileSync(join(__dirname, '..', 'sources', 'pagerduty', 'fixtures', name), 'utf8'),
  ) as Record<string, string>;

describe('PagerDuty’s own URLs (POST /v2/enqueue, /v2/change/enqueue)', () => {
  let opened: OpenedDatabase;
  let app: INestApplication;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    opened = await openIntakeTestDatabase();
    app = await startIntakeApp({ db: opened.database, clock: new ManualClock() });
    http = request(app.getHttpServer());
  });
  afterAll(async () => {
    await app?.close();
    await opened?.dataSource.destroy();
  });

  async function pagerDuty(): Promise<{ id: string; key: string }> {
    const res = await http
      .post('/api/v1/integrations')
      .set(admin)
      .send({ source: 'pagerduty', name: `pd-${randomUUID()}`, authMode: 'vendor' })
      .expect(201);
    return { id: res.body.id, key: res.body.credentials[0].secret };
  }
  const send = (path: string, event: object) =>
    http.post(path).set(JSON_TYPE).send(JSON.stringify(event));
  const recordOf = async (res: request.Response) => {
    const [row] = await opened.database.query<Record<string, unknown>>(
      'SELECT integration_id, path, status, alerts, outcome FROM webhook_deliveries WHERE id = $1',
      [res.headers['x-sitrep-delivery-id']],
    );
    return row;
  };
  const invalid = (errors: string[]) => ({
    status: 'invalid event',
    message: 'Event object is invalid',
    errors,
  });

  it('an event goes to the integration whose routing key it carries, answered as PagerDuty', async () => {
    await pagerDuty();
    const pd = await pagerDuty();
    const trigger: Record<string, unknown> = { ...fixture('trigger.json'), routing_key: pd.key };
    const res = await send('/v2/enqueue', trigger).expect(202);
    expect(res.body).toEqual({
      status: 'success',
      message: 'Event processed',
      dedup_key: trigger.dedup_key,
    });
    expect(await recordOf(res)).toMatchObject({
      integration_id: pd.id,
      path: '/v2/enqueue',
      status: 'accepted',
      alerts: [expect.objectContaining({ dedupKey: trigger.dedup_key, status: 'firing' })],
    });
  });

  it('a change event too, answered as PagerDuty answers change events', async () => {
    const pd = await pagerDuty();
    const res = await send('/v2/change/enqueue', {
      ...fixture('change.json'),
      routing_key: pd.key,
    }).expect(202);
    expect(res.body).toEqual({ status: 'success', message: 'Change event processed' });
    expect(await recordOf(res)).toMatchObject({
      integration_id: pd.id,
      path: '/v2/change/enqueue',
      outcome: { handshake: { action: 'change', detail: { service: 'payments' } } },
    });
  });

  it('an unknown or missing routing key is PagerDuty’s 400, recording nothing', async () => {
    // Other spec files share the database: this test's deliveries are told by their dedup key.
    const marker = `marker-${randomUUID()}`;
    const trigger: Record<string, unknown> = { ...fixture('trigger.json'), dedup_key: marker };
    const unknown = await send('/v2/enqueue', { ...trigger, routing_key: 'nope' }).expect(400);
    expect(unknown.body).toEqual(invalid(['Invalid routing key']));
    const { routing_key: _, ...keyless } = trigger;
    const missing = await send('/v2/enqueue', keyless).expect(400);
    expect(missing.body).toEqual(invalid(["'routing_key' is missing or blank"]));
    await http.post('/v2/enqueue').set(JSON_TYPE).send('not json').expect(400);
    const recorded = await opened.database.query(
      `SELECT id FROM webhook_deliveries WHERE position($1::bytea IN body) > 0`,
      [Buffer.from(marker)],
    );
    expect(recorded).toEqual([]);
  });

  it('a rotated-out key no longer reaches the integration’s alerts', async () => {
    const pd = await pagerDuty();
    const trigger = fixture('trigger.json');
    await send('/v2/enqueue', { ...trigger, routing_key: pd.key }).expect(202);
    await http
      .post(`/api/v1/integrations/${pd.id}/rotate`)
      .set(admin)
      .send({ graceSeconds: 0 })
      .expect(200);
    // Refused by the intake (401, recorded) while its index read is fresh, then unknown (400).
    const retired = await send('/v2/enqueue', { ...trigger, routing_key: pd.key });
    expect([400, 401]).toContain(retired.status);
    const accepted = await opened.database.query(
      `SELECT id FROM webhook_deliveries WHERE integration_id = $1 AND status = 'accepted'`,
      [pd.id],
    );
    expect(accepted).toHaveLength(1);
  });
});
