import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { SitrepModule } from '../apps/sitrep/src/sitrep.module';
import { bootApp, TEST_ADMIN_TOKEN } from './support/boot-sitrep';

const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

describe('Operating Sitrep: metrics, parked events, the board', () => {
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let reader: Record<string, string>;

  beforeAll(async () => {
    app = await bootApp(SitrepModule);
    http = request(app.getHttpServer());
    const key = await http
      .post('/api/v1/api-keys')
      .set(admin)
      .send({ name: 'wallboard', scopes: ['incidents:read'] })
      .expect(201);
    reader = { Authorization: `Bearer ${key.body.token}` };
  }, 60_000);

  afterAll(() => app.close(), 30_000);

  it('serves Prometheus metrics without a token, including projection and forwarder series', async () => {
    const res = await http.get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.text).toContain('sitrep_projection_parked_events');
    expect(res.text).toContain('sitrep_projection_events_applied_total');
    expect(res.text).toContain('sitrep_forwarder_lag_events');
    // The alert queue as the database has it (any process can say), and this process's outcomes.
    expect(res.text).toMatch(/^sitrep_alert_deliveries_pending \d+$/m);
    expect(res.text).toMatch(/^sitrep_alert_deliveries_processed_total\{status="retry"\} \d+$/m);
  });

  it('shows parked events to admins only', async () => {
    await http.get('/api/v1/projections/parked').expect(401);
    await http.get('/api/v1/projections/parked').set(reader).expect(403);
    const res = await http.get('/api/v1/projections/parked').set(admin).expect(200);
    expect(Array.isArray(res.body) || Array.isArray(res.body.items)).toBe(true);
  });

  it('lists a new SEV1 on the board with its huddle due time, for a read-only key', async () => {
    const { body } = await http
      .post('/api/v1/incidents')
      .set(admin)
      .send({ title: 'Payments down', severity: 'SEV1' })
      .expect(201);
    const board = await http.get('/api/v1/board').set(reader).expect(200);
    const item = board.body.items.find((i: { incidentId: string }) => i.incidentId === body.id);
    expect(item).toMatchObject({ severity: 'SEV1', huddleDue: false, huddleOverdue: false });
    expect(new Date(item.huddleDueAt).getTime()).toBeGreaterThan(Date.now() + 29 * 60_000);
    await http.get('/api/v1/board').expect(401);
  });
});
