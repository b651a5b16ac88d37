import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock, type OpenedDatabase } from '@sitrep/platform';
import {
  openIntakeTestDatabase,
  startIntakeApp,
  TEST_ADMIN_TOKEN,
} from '../intake/testing/intake.fixture';

const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

describe('Integrations admin API', () => {
  let opened: OpenedDatabase;
  let app: INestApplication;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    opened = await openIntakeTestDatabase();
    app = await startIntakeApp({
      db: opened.database,
      clock: new ManualClock(),
    });
    http = request(app.getHttpServer());
  });
  afterAll(async () => {
    await app?.close();
    await opened?.dataSource.destroy();
  });

  const credentialRows = (integrationId: string) =>
    opened.database.query<Record<string, unknown>>(
      'SELECT * FROM integration_credentials WHERE integration_id = $1',
      [integrationId],
    );

  describe('creating an integration', () => {
    it('shows the webhook path and a bearer token once, and stores only its hash', async () => {
      const res = await http
        .post('/api/v1/integrations')
        .set(admin)
        .send({ source: 'alertmanager', name: 'Prometheus prod', openAs: 'declared' })
        .expect(201);
      const { id, webhookPath, credentials } = res.body;
      expect(webhookPath).toBe(`/webhooks/alertmanager/${id}`);
      expect(res.body).toMatchObject({ authMode: 'bearer', enabled: true, openAs: 'declared' });
      expect(credentials).toEqual([
        { id: expect.any(String), kind: 'token', secret: expect.stringMatching(/^whk_/) },
      ]);

      const rows = await credentialRows(id);
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(credentials[0].secret);
      expect(rows[0]).toMatchObject({ kind: 'token', secret_encrypted: null });

      const again = await http.get(`/api/v1/integrations/${id}`).set(admin).expect(200);
      expect(JSON.stringify(again.body)).not.toContain(credentials[0].secret);
      expect(again.body.credentials).toBeUndefined();
    });

    it('encrypts a vendor signing secret instead of hashing it', async () => {
      const res = await http
        .post('/api/v1/integrations')
        .set(admin)
        .send({ source: 'grafana', name: 'Grafana', authMode: 'vendor' })
        .expect(201);
      const [credential] = res.body.credentials;
      expect(credential.kind).toBe('signing-secret');
      const rows = await credentialRows(res.body.id);
      expect(rows[0]).toMatchObject({ kind: 'signing-secret', secret_hash: null });
      expect(rows[0].secret_encrypted).toMatch(/^v1\./);
      expect(JSON.stringify(rows)).not.toContain(credential.secret);
    });

    it('keeps a supplied vendor secret, e.g. Sentry’s client secret', async () => {
      const res = await http
        .post('/api/v1/integrations')
        .set(admin)
        .send({
          source: 'sentry',
          name: 'Sentry',
          authMode: 'vendor',
          signingSecret: 'sentry-client-secret-1',
        })
        .expect(201);
      expect(res.body.credentials[0]).toMatchObject({
        kind: 'signing-secret',
        secret: 'sentry-client-secret-1',
      });
    });

    it('refuses vendor mode without the secret only the vendor can give', async () => {
      const res = await http
        .post('/api/v1/integrations')
        .set(admin)
        .send({ source: 'sentry', name: 'Sentry', authMode: 'vendor' })
        .expect(400);
      expect(res.body.code).toBe('INTEGRATION.CREDENTIAL_REQUIRED');
    });

    it('refuses vendor mode for a source that has no vendor check', async () => {
      const res = await http
        .post('/api/v1/integrations')
        .set(admin)
        .send({ source: 'datadog', name: 'Datadog', authMode: 'vendor' })
        .expect(400);
      expect(res.body.code).toBe('INTEGRATION.INVALID_AUTH_MODE');
    });

    it('refuses an unknown source, naming the known ones', async () => {
      const res = await http
        .post('/api/v1/integrations')
        .set(admin)
        .send({ source: 'nagios', name: 'Nagios' })
        .expect(400);
      expect(res.body.code).toBe('INTEGRATION.UNKNOWN_SOURCE');
      expect(res.body.message).toContain('alertmanager');
    });

    it('refuses unknown fields and bad values', async () => {
      const res = await http
        .post('/api/v1/integrations')
        .set(admin)
        .send({ source: 'grafana', name: '', authMode: 'magic', colour: 'red' })
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      const fields = res.body.details.map((d: { field: string }) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['name', 'authMode', 'colour']));
    });

    it('checks a generic-json mapping', async () => {
      const res = await http
        .post('/api/v1/integrations')
        .set(admin)
        .send({ source: 'generic-json', name: 'Custom', mapping: { dedupKey: 'nope' } })
        .expect(400);
      expect(res.body.code).toBe('INTEGRATION.INVALID_MAPPING');
    });

    it('stores which labels name the service, trimmed, for sources that read labels', async () => {
      const res = await http
        .post('/api/v1/integrations')
        .set(admin)
        .send({
          source: 'alertmanager',
          name: 'k8s',
          serviceFrom: ['service', ' container ', 'job'],
        })
        .expect(201);
      expect(res.body.serviceFrom).toEqual(['service', 'container', 'job']);
      const again = await http.get(`/api/v1/integrations/${res.body.id}`).set(admin).expect(200);
      expect(again.body.serviceFrom).toEqual(['service', 'container', 'job']);
      const plain = await http
        .post('/api/v1/integrations')
        .set(admin)
        .send({ source: 'google-cloud-monitoring', name: 'gcp' })
        .expect(201);
      expect(plain.body.serviceFrom).toBeUndefined();
    });

    it('refuses serviceFrom for a source without labels, and names that are not names', async () => {
      const datadog = await http
        .post('/api/v1/integrations')
        .set(admin)
        .send({ source: 'datadog', name: 'dd', serviceFrom: ['service'] })
        .expect(400);
      expect(datadog.body.code).toBe('INTEGRATION.INVALID_SERVICE_FROM');
      const blank = await http
        .post('/api/v1/integrations')
        .set(admin)
        .send({ source: 'grafana', name: 'g', serviceFrom: ['  '] })
        .expect(400);
      expect(blank.body.code).toBe('INTEGRATION.INVALID_SERVICE_FROM');
      for (const serviceFrom of [[], 'service', [7], ['']]) {
        const res = await http
          .post('/api/v1/integrations')
          .set(admin)
          .send({ source: 'grafana', name: 'g', serviceFrom })
          .expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
    });

    it('needs an admin API key', async () => {
      await http.post('/api/v1/integrations').send({ source: 'grafana', name: 'x' }).expect(401);
    });
  });

  describe('managing an integration', () => {
    it('lists, disables, enables and rotates', async () => {
      const created = await http
        .post('/api/v1/integrations')
        .set(admin)
        .send({ source: 'datadog', name: `dd-${randomUUID()}` })
        .expect(201);
      const id: string = created.body.id;

      const list = await http.get('/api/v1/integrations').set(admin).expect(200);
      expect(list.body.map((i: { id: string }) => i.id)).toContain(id);

      const disabled = await http.post(`/api/v1/integrations/${id}/disable`).set(admin).expect(200);
      expect(disabled.body).toMatchObject({ enabled: false, disabledAt: expect.any(String) });
      const enabled = await http.post(`/api/v1/integrations/${id}/enable`).set(admin).expect(200);
      expect(enabled.body.enabled).toBe(true);
      expect(enabled.body.disabledAt).toBeUndefined();

      const rotated = await http
        .post(`/api/v1/integrations/${id}/rotate`)
        .set(admin)
        .send({ graceSeconds: 60 })
        .expect(200);
      expect(rotated.body.credentials[0].secret).not.toBe(created.body.credentials[0].secret);
      const rows = await credentialRows(id);
      const old = rows.find((r) => r.id === created.body.credentials[0].id);
      expect(old?.expires_at).toBeInstanceOf(Date);
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      const unknown = await http.get(`/api/v1/integrations/${randomUUID()}`).set(admin).expect(404);
      expect(unknown.body.code).toBe('INTEGRATION.NOT_FOUND');
      await http.post(`/api/v1/integrations/${randomUUID()}/disable`).set(admin).expect(404);
      await http.get('/api/v1/integrations/not-a-uuid').set(admin).expect(400);
    });
  });

  it('documents the admin routes and the webhook intake in OpenAPI', async () => {
    const res = await http.get('/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/integrations',
        '/api/v1/integrations/{id}/rotate',
        '/api/v1/deliveries/{id}',
        '/webhooks/{source}/{integrationId}',
      ]),
    );
  });
});
