import { createHash, randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock, type OpenedDatabase } from '@sitrep/platform';
import { openIntakeTestDatabase, startIntakeApp, TEST_ADMIN_TOKEN } from './testing/intake.fixture';
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

/** A body of about `size` bytes that would be a valid Alertmanager delivery. */
function bigDelivery(size: number): string {
  const alert = { status: 'firing', labels: { alertname: 'Big', padding: 'x'.repeat(size) } };
  return JSON.stringify({ version: '4', status: 'firing', receiver: 'sitrep', alerts: [alert] });
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
        .send(body);
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
});
