import { SitrepModule } from '../apps/sitrep/src/sitrep.module';
import { DEFAULT_RESPONSE_PLAN_ID } from '@sitrep/incident';
import { bootForSuite, TEST_ADMIN_TOKEN } from './support/boot-sitrep';

const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

describe('Incidents over HTTP (all-in-one app, real PostgreSQL)', () => {
  const sitrep = bootForSuite(SitrepModule);

  const declare = (body: object, headers: Record<string, string> = admin) =>
    sitrep.http.post('/api/v1/incidents').set(headers).send(body);

  describe('the happy path: declare → list → acknowledge → resolve → timeline', () => {
    it('tells the whole story through the read models', async () => {
      const declared = await declare({
        title: '  Checkout failing  ',
        severity: 'SEV2',
        services: ['checkout', 'checkout', 'payments'],
        description: 'Card payments return 502',
      }).expect(201);
      // Declaring starts the notify step at once: declared, notifications requested, timebox 1.
      expect(declared.body).toEqual({ id: expect.any(String), version: 3 });
      expect(declared.headers.etag).toBe('"3"');
      expect(declared.headers.location).toBe(`/api/v1/incidents/${declared.body.id}`);
      const id: string = declared.body.id;

      const list = await sitrep.http
        .get('/api/v1/incidents?status=investigating&severity=SEV2&limit=200')
        .set(admin)
        .expect(200);
      const listed = list.body.items.find((i: { incidentId: string }) => i.incidentId === id);
      expect(listed).toMatchObject({
        title: 'Checkout failing',
        status: 'investigating',
        acknowledged: false,
        version: 3,
      });
      expect(listed.services).toEqual(['checkout', 'payments']);

      const ack = await sitrep.http
        .post(`/api/v1/incidents/${id}/acknowledge`)
        .set(admin)
        .set('If-Match', '"3"')
        .expect(200);
      expect(ack.body).toEqual({ id, version: 4 });
      expect(ack.headers.etag).toBe('"4"');

      const again = await sitrep.http
        .post(`/api/v1/incidents/${id}/acknowledge`)
        .set(admin)
        .expect(200);
      expect(again.body.version).toBe(4);

      await sitrep.http
        .post(`/api/v1/incidents/${id}/resolve`)
        .set(admin)
        .send({ resolutionSummary: 'Rolled back the release' })
        .expect(200, { id, version: 5 });

      const detail = await sitrep.http.get(`/api/v1/incidents/${id}`).set(admin).expect(200);
      expect(detail.headers.etag).toBe('"5"');
      expect(detail.body).toMatchObject({
        id,
        status: 'resolved',
        severity: 'SEV2',
        acknowledgement: { by: 'SITREP_ADMIN_TOKEN' },
        resolution: { summary: 'Rolled back the release' },
        version: 5,
      });

      const timeline = await sitrep.http
        .get(`/api/v1/incidents/${id}/timeline`)
        .set(admin)
        .expect(200);
      expect(timeline.body.entries.map((e: { kind: string }) => e.kind)).toEqual([
        'declaration',
        'notification',
        'timebox',
        'acknowledgement',
        'resolution',
      ]);
      expect(timeline.body.entries[0]).toMatchObject({ actor: 'SITREP_ADMIN_TOKEN', position: 1 });

      const onlyResolution = await sitrep.http
        .get(`/api/v1/incidents/${id}/timeline?kind=resolution`)
        .set(admin)
        .expect(200);
      expect(onlyResolution.body.entries).toHaveLength(1);

      const events = await sitrep.http.get(`/api/v1/incidents/${id}/events`).set(admin).expect(200);
      expect(events.body.events.map((e: { type: string }) => e.type)).toEqual([
        'IncidentDeclared',
        'NotificationsRequested',
        'InvestigationTimeboxStarted',
        'IncidentAcknowledged',
        'IncidentResolved',
      ]);
      // Nobody named a plan: the incident runs under the default one, which notifies nobody.
      expect(events.body.events[0].data.plan).toMatchObject({
        planId: DEFAULT_RESPONSE_PLAN_ID,
        investigationMinutes: 30,
        huddleMinutes: 5,
      });
      expect(events.body.events[1].data.contacts).toEqual([]);
      expect(events.body.events[2].data).toMatchObject({ round: 1, minutes: 30 });
      expect(events.body.events[0].metadata).toMatchObject({
        actor: 'SITREP_ADMIN_TOKEN',
        source: 'api',
      });
    });
  });

  describe('errors change nothing and say what is wrong', () => {
    it('refuses a request without a token with 401', async () => {
      const res = await declare({ title: 'x', severity: 'SEV3' }, {}).expect(401);
      expect(res.headers['www-authenticate']).toMatch(/Bearer/);
    });

    it('refuses a key without the write scope with 403', async () => {
      const key = await sitrep.http
        .post('/api/v1/api-keys')
        .set(admin)
        .send({ name: 'dashboard', scopes: ['incidents:read'] })
        .expect(201);
      const reader = { Authorization: `Bearer ${key.body.token}` };
      await declare({ title: 'x', severity: 'SEV3' }, reader).expect(403);
      await sitrep.http.get('/api/v1/incidents').set(reader).expect(200);
    });

    it('answers 404 for an unknown incident, on every route', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      await sitrep.http.get(`/api/v1/incidents/${unknown}`).set(admin).expect(404);
      await sitrep.http.get(`/api/v1/incidents/${unknown}/timeline`).set(admin).expect(404);
      await sitrep.http.get(`/api/v1/incidents/${unknown}/events`).set(admin).expect(404);
      const ack = await sitrep.http
        .post(`/api/v1/incidents/${unknown}/acknowledge`)
        .set(admin)
        .expect(404);
      expect(ack.body.code).toBe('INCIDENT.NOT_FOUND');
    });

    it('answers 400 for an id that is not a uuid', async () => {
      await sitrep.http.get('/api/v1/incidents/not-a-uuid').set(admin).expect(400);
    });

    it('answers 400 for malformed JSON', async () => {
      const res = await sitrep.http
        .post('/api/v1/incidents')
        .set(admin)
        .set('Content-Type', 'application/json')
        .send('{"title": "x", ')
        .expect(400);
      expect(res.body.code).toBe('MALFORMED_JSON');
    });

    it('answers 400 for JSON nested deeper than 64 levels, and for an offset out of bounds', async () => {
      const deep = await sitrep.http
        .post('/api/v1/incidents')
        .set(admin)
        .set('Content-Type', 'application/json')
        .send(`{"title":"x","severity":"SEV3","services":${'['.repeat(3_000)}${']'.repeat(3_000)}}`)
        .expect(400);
      expect(deep.body).toMatchObject({
        code: 'JSON_TOO_DEEP',
        message: expect.stringContaining('64'),
      });
      for (const offset of ['9223372036854775808', '1000001']) {
        const res = await sitrep.http
          .get(`/api/v1/incidents?offset=${offset}`)
          .set(admin)
          .expect(400);
        expect(JSON.stringify(res.body.details)).toContain('offset');
      }
    });

    it('answers 400 naming the field for wrong types, bad values and unknown fields', async () => {
      const bad = await declare({ title: 'x', severity: 'SEV9' }).expect(400);
      expect(JSON.stringify(bad.body.details)).toContain('severity');
      const unknown = await declare({ title: 'x', severity: 'SEV3', colour: 'red' }).expect(400);
      expect(JSON.stringify(unknown.body.details)).toContain('colour');
      const wrongType = await declare({ title: 42, severity: 'SEV3' }).expect(400);
      expect(JSON.stringify(wrongType.body.details)).toContain('title');
    });

    it('answers 413 for a body over 1 MiB', async () => {
      await declare({ title: 'x', severity: 'SEV3', description: 'a'.repeat(1_100_000) }).expect(
        413,
      );
    });

    it('answers 412 for a stale If-Match and 409 for resolving twice, changing nothing', async () => {
      const { body } = await declare({ title: 'Stale', severity: 'SEV4' }).expect(201);
      await sitrep.http
        .post(`/api/v1/incidents/${body.id}/acknowledge`)
        .set(admin)
        .set('If-Match', '"7"')
        .expect(412);
      await sitrep.http
        .post(`/api/v1/incidents/${body.id}/resolve`)
        .set(admin)
        .send({ resolutionSummary: 'done' })
        .expect(200);
      const twice = await sitrep.http
        .post(`/api/v1/incidents/${body.id}/resolve`)
        .set(admin)
        .send({ resolutionSummary: 'done again' })
        .expect(409);
      expect(twice.body.code).toBe('INCIDENT.ALREADY_RESOLVED');
      const events = await sitrep.http
        .get(`/api/v1/incidents/${body.id}/events`)
        .set(admin)
        .expect(200);
      expect(events.body.events.map((e: { type: string }) => e.type)).toEqual([
        'IncidentDeclared',
        'NotificationsRequested',
        'InvestigationTimeboxStarted',
        'IncidentResolved',
      ]);
    });

    it('does not create anything for a refused declaration', async () => {
      const before = await sitrep.http.get('/api/v1/incidents?limit=1').set(admin).expect(200);
      await declare({ title: '', severity: 'SEV1' }).expect(400);
      await declare({ title: 'x', severity: 'SEV1' }, {}).expect(401);
      const after = await sitrep.http.get('/api/v1/incidents?limit=1').set(admin).expect(200);
      expect(after.body.total).toBe(before.body.total);
    });
  });

  describe('operations', () => {
    it('reports health with the database up', async () => {
      const res = await sitrep.http.get('/health').expect(200);
      expect(res.body.info.database.status).toBe('up');
    });

    it('serves the OpenAPI document with the incident routes', async () => {
      const res = await sitrep.http.get('/docs-json').expect(200);
      expect(Object.keys(res.body.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/incidents',
          '/api/v1/incidents/{id}/acknowledge',
          '/api/v1/incidents/{id}/timeline',
        ]),
      );
    });
  });
});
