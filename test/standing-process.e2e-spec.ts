import { DEFAULT_RESPONSE_PLAN_ID } from '@sitrep/incident';
import { SitrepModule } from '../apps/sitrep/src/sitrep.module';
import { bootForSuite, TEST_ADMIN_TOKEN } from './support/boot-sitrep';

const admin = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const ACTOR = 'SITREP_ADMIN_TOKEN';

const contacts = [
  { name: 'On-call SRE', channel: 'sms', address: '+441234567890' },
  { name: 'Payments lead', channel: 'email', address: 'lead@example.com' },
];
const paymentsPlan = {
  name: 'Payments on-call',
  contacts,
  investigationMinutes: 20,
  huddleMinutes: 5,
  internalUpdateMinutes: 30,
  customerUpdateMinutes: 60,
};

describe('The standing process over HTTP (all-in-one app, real PostgreSQL and Kafka)', () => {
  const sitrep = bootForSuite(SitrepModule);

  type Sent = { path: string; body?: object; version?: number; headers?: Record<string, string> };
  const post = ({ path, body = {}, version, headers = admin }: Sent) => {
    const req = sitrep.http.post(path).set(headers);
    if (version !== undefined) req.set('If-Match', `"${version}"`);
    return req.send(body);
  };
  const eventsOf = async (id: string) => {
    const res = await sitrep.http.get(`/api/v1/incidents/${id}/events`).set(admin).expect(200);
    return res.body.events as Array<{
      type: string;
      eventId: string;
      data: Record<string, unknown>;
    }>;
  };
  const createPlan = async (body: object = paymentsPlan) =>
    (await post({ path: '/api/v1/response-plans', body }).expect(201)).body.id as string;
  const openPotential = async (body: object) =>
    (await post({ path: '/api/v1/incidents/potential', body }).expect(201)).body.id as string;

  it('triage → confirm → roles → huddle → decisions → actions → update → mitigate → resolve → close', async () => {
    const created = await post({ path: '/api/v1/response-plans', body: paymentsPlan }).expect(201);
    const planId: string = created.body.id;
    expect(created.body).toEqual({ id: planId, version: 1 });
    expect(created.headers.etag).toBe('"1"');
    expect(created.headers.location).toBe(`/api/v1/response-plans/${planId}`);

    const opened = await post({
      path: '/api/v1/incidents/potential',
      body: { title: 'Card payments slow', severity: 'SEV3', responsePlanId: planId },
    }).expect(201);
    expect(opened.body).toEqual({ id: expect.any(String), version: 1 });
    expect(opened.headers.location).toBe(`/api/v1/incidents/${opened.body.id}`);
    const id: string = opened.body.id;
    const at = (suffix: string) => `/api/v1/incidents/${id}${suffix}`;

    // Changing the plan after opening: confirmation runs under the version in force then.
    await sitrep.http
      .put(`/api/v1/response-plans/${planId}`)
      .set(admin)
      .set('If-Match', '"1"')
      .send({ ...paymentsPlan, investigationMinutes: 25, reason: 'Faster first huddle' })
      .expect(200, { id: planId, version: 2 });

    const mitigatedInTriage = await post({ path: at('/mitigate'), body: { summary: 'x' } });
    expect(mitigatedInTriage.status).toBe(409);
    expect(mitigatedInTriage.body.code).toBe('INCIDENT.IN_TRIAGE');

    const confirmed = await post({ path: at('/confirm'), version: 1 }).expect(200);
    expect(confirmed.body).toEqual({ id, version: 4 });
    expect(confirmed.headers.etag).toBe('"4"');

    let version = 4;
    const step = async (sent: Sent, status = 200) => {
      const res = await post({ ...sent, path: at(sent.path), version }).expect(status);
      expect(res.body.version).toBe(version + 1);
      version = res.body.version;
      return res.body;
    };
    for (const [role, person] of [
      ['commander', 'alice'],
      ['communications-lead', 'carol'],
      ['scribe', 'dave'],
      ['investigator', 'erin'],
      ['commander', 'bob'],
    ]) {
      await step({ path: '/roles', body: { role, person } });
    }
    await step({ path: `/notifications/${encodeURIComponent('On-call SRE')}/acknowledge` });
    const huddle = await step(
      {
        path: '/huddles',
        body: {
          startedAt: new Date().toISOString(),
          attendees: ['bob', 'carol', 'dave', 'erin'],
          summary: 'A bad config push; rolling back is the fastest fix',
        },
      },
      201,
    );
    expect(huddle.huddleId).toEqual(expect.any(String));
    await step({ path: '/timeboxes' });
    const first = await step(
      {
        path: '/decisions',
        body: {
          kind: 'investigate-further',
          decision: 'Look for the bad config',
          rationale: 'Errors began with a push',
        },
      },
      201,
    );
    const second = await step(
      {
        path: '/decisions',
        body: {
          kind: 'urgent-mitigation',
          decision: 'Roll back the config push',
          rationale: 'Found it: the pool size was halved',
          decidedBy: 'bob',
          optionsRejected: [{ option: 'Scale up', reason: 'Does not fix the pool size' }],
          supersedes: first.decisionId,
        },
      },
      201,
    );
    const rollback = await step(
      {
        path: '/actions',
        body: { description: 'Roll back', owner: 'erin', decisionId: second.decisionId },
      },
      201,
    );
    const scaleUp = await step(
      {
        path: '/actions',
        body: {
          description: 'Scale up',
          owner: 'bob',
          decisionId: second.decisionId,
          dueAt: new Date(Date.now() + 30 * 60_000).toISOString(),
        },
      },
      201,
    );
    await step({ path: `/actions/${rollback.actionId}/start` });
    await step({
      path: `/actions/${rollback.actionId}/complete`,
      body: { outcome: 'Rolled back' },
    });
    await step({ path: `/actions/${scaleUp.actionId}/cancel`, body: { reason: 'Not needed' } });
    await step({ path: '/updates', body: { audience: 'stakeholders', body: 'Rolled back.' } }, 201);
    await step({ path: '/mitigate', body: { summary: 'Pool size restored' } });
    await step({ path: '/resolve', body: { resolutionSummary: 'Config rolled back' } });
    await step({ path: '/close', body: { washUpReference: 'https://wiki/wash-up/1' } });

    const events = await eventsOf(id);
    expect(events.map((e) => e.type)).toEqual([
      'PotentialIncidentOpened',
      'IncidentConfirmed',
      'NotificationsRequested',
      'InvestigationTimeboxStarted',
      ...Array(5).fill('RoleAssigned'),
      'NotificationAcknowledged',
      'HuddleHeld',
      'InvestigationTimeboxStarted',
      'DecisionRecorded',
      'DecisionRecorded',
      'ActionAdded',
      'ActionAdded',
      'ActionStarted',
      'ActionCompleted',
      'ActionCancelled',
      'UpdatePosted',
      'IncidentMitigated',
      'IncidentResolved',
      'IncidentClosed',
    ]);
    const data = events.map((e) => e.data);
    expect(data[0].plan).toMatchObject({ planId, version: 1, investigationMinutes: 20 });
    expect(data[1]).toMatchObject({ confirmedBy: ACTOR, plan: { planId, version: 2 } });
    expect(data[2]).toMatchObject({ planId, planVersion: 2, contacts });
    expect(data[3]).toMatchObject({ round: 1, minutes: 25 });
    expect(data[8]).toMatchObject({ role: 'commander', person: 'bob', previousHolder: 'alice' });
    expect(data[9]).toMatchObject({ contact: 'On-call SRE' });
    expect(data[10]).toMatchObject({ huddleId: huddle.huddleId, round: 1, plannedMinutes: 5 });
    expect(data[10].attendees).toEqual(['bob', 'carol', 'dave', 'erin']);
    expect(data[11]).toMatchObject({ round: 2, minutes: 25 });
    expect(data[12]).toMatchObject({ decisionId: first.decisionId, decidedBy: ACTOR });
    expect(data[13]).toMatchObject({ supersedes: first.decisionId, decidedBy: 'bob' });
    expect(data[14]).toMatchObject({ actionId: rollback.actionId, decisionId: second.decisionId });
    expect(data[22]).toMatchObject({ closedBy: ACTOR, washUpReference: 'https://wiki/wash-up/1' });

    const timeline = await sitrep.http.get(at('/timeline')).set(admin).expect(200);
    expect(timeline.body.entries.map((e: { kind: string }) => e.kind)).toEqual([
      'triage',
      'confirmation',
      'notification',
      'timebox',
      ...Array(5).fill('role'),
      'notification',
      'huddle',
      'timebox',
      'decision',
      'decision',
      ...Array(5).fill('action'),
      'update',
      'mitigation',
      'resolution',
      'closure',
    ]);
    expect(timeline.body.entries[2].summary).toBe('Notifying On-call SRE, Payments lead');
    const detail = await sitrep.http.get(at('')).set(admin).expect(200);
    expect(detail.body).toMatchObject({ status: 'closed', version: 23 });
  }, 60_000);

  describe('refusals change nothing and name the rule', () => {
    it('answers 409 with the stable code for illegal transitions, appending nothing', async () => {
      const id = await openPotential({ title: 'Maybe nothing', severity: 'SEV4' });
      const at = (suffix: string) => `/api/v1/incidents/${id}${suffix}`;
      await post({ path: at('/dismiss'), body: { reason: 'Duplicate alert' } }).expect(200);
      const before = await eventsOf(id);
      for (const [path, body, code] of [
        ['/confirm', {}, 'INCIDENT.DISMISSED'],
        ['/close', {}, 'INCIDENT.DISMISSED'],
        ['/reopen', { reason: 'x' }, 'INCIDENT.DISMISSED'],
      ] as const) {
        const res = await post({ path: at(path), body }).expect(409);
        expect(res.body.code).toBe(code);
      }
      expect(await eventsOf(id)).toEqual(before);
    });

    it('refuses superseding twice, unknown contacts and finished actions', async () => {
      const { body } = await post({
        path: '/api/v1/incidents',
        body: { title: 'Queue backlog', severity: 'SEV3', responsePlanId: await createPlan() },
      }).expect(201);
      const at = (suffix: string) => `/api/v1/incidents/${body.id}${suffix}`;
      const decision = { kind: 'other', decision: 'Wait', rationale: 'It drains' };
      const d1 = (await post({ path: at('/decisions'), body: decision }).expect(201)).body;
      await post({ path: at('/decisions'), body: { ...decision, supersedes: d1.decisionId } });
      const again = await post({
        path: at('/decisions'),
        body: { ...decision, supersedes: d1.decisionId },
      }).expect(409);
      expect(again.body.code).toBe('INCIDENT.DECISION_SUPERSEDED');
      const stranger = await post({ path: at('/notifications/Mallory/acknowledge') }).expect(409);
      expect(stranger.body.code).toBe('INCIDENT.UNKNOWN_CONTACT');
      const action = (
        await post({ path: at('/actions'), body: { description: 'Drain', owner: 'bob' } })
      ).body;
      await post({ path: at(`/actions/${action.actionId}/cancel`), body: { reason: 'No' } });
      const start = await post({ path: at(`/actions/${action.actionId}/start`) }).expect(409);
      expect(start.body.code).toBe('INCIDENT.ACTION_CANCELLED');
      const unknownAction = await post({
        path: at('/actions/00000000-0000-4000-8000-000000000000/start'),
      }).expect(404);
      expect(unknownAction.body.code).toBe('INCIDENT.ACTION_NOT_FOUND');
      const running = await post({ path: at('/timeboxes') }).expect(409);
      expect(running.body.code).toBe('INCIDENT.TIMEBOX_RUNNING');
      const communicate = await post({
        path: at('/decisions'),
        body: { ...decision, kind: 'communicate-externally' },
      }).expect(400);
      expect(communicate.body.code).toBe('INCIDENT.INVALID_COMMAND');
    });

    it('answers 412 for a stale If-Match, on incidents and on plans', async () => {
      const id = await openPotential({ title: 'Stale', severity: 'SEV4' });
      const stale = await post({
        path: `/api/v1/incidents/${id}/roles`,
        version: 7,
        body: { role: 'scribe', person: 'x' },
      });
      expect(stale.status).toBe(412);
      expect(stale.body.code).toBe('INCIDENT.VERSION_MISMATCH');
      expect(await eventsOf(id)).toHaveLength(1);
      const planId = await createPlan();
      const res = await sitrep.http
        .put(`/api/v1/response-plans/${planId}`)
        .set(admin)
        .set('If-Match', '"5"')
        .send(paymentsPlan)
        .expect(412);
      expect(res.body.code).toBe('RESPONSE_PLAN.VERSION_MISMATCH');
    });

    it('answers 404 for an unknown plan and 409 for a retired one, creating nothing', async () => {
      const before = await sitrep.http.get('/api/v1/incidents?limit=1').set(admin).expect(200);
      const unknown = '00000000-0000-4000-8000-000000000abc';
      for (const path of ['/api/v1/incidents', '/api/v1/incidents/potential']) {
        const res = await post({
          path,
          body: { title: 'x', severity: 'SEV3', responsePlanId: unknown },
        }).expect(404);
        expect(res.body.code).toBe('RESPONSE_PLAN.NOT_FOUND');
      }
      const planId = await createPlan();
      await sitrep.http
        .delete(`/api/v1/response-plans/${planId}?reason=Team%20merged`)
        .set(admin)
        .expect(200);
      const retired = await post({
        path: '/api/v1/incidents',
        body: { title: 'x', severity: 'SEV3', responsePlanId: planId },
      }).expect(409);
      expect(retired.body.code).toBe('RESPONSE_PLAN.RETIRED');
      const after = await sitrep.http.get('/api/v1/incidents?limit=1').set(admin).expect(200);
      expect(after.body.total).toBe(before.body.total);
      const keep = await sitrep.http
        .delete(`/api/v1/response-plans/${DEFAULT_RESPONSE_PLAN_ID}`)
        .set(admin);
      expect(keep.status).toBe(409);
      expect(keep.body.code).toBe('RESPONSE_PLAN.DEFAULT_REQUIRED');
    });

    it('answers 403 to a read-only key on write routes, and lets it read plans', async () => {
      const key = await post({
        path: '/api/v1/api-keys',
        body: { name: 'wallboard', scopes: ['incidents:read'] },
      }).expect(201);
      const reader = { Authorization: `Bearer ${key.body.token}` };
      const id = await openPotential({ title: 'Read-only', severity: 'SEV4' });
      await post({ path: `/api/v1/incidents/${id}/confirm`, headers: reader }).expect(403);
      await post({
        path: `/api/v1/incidents/${id}/notes`,
        headers: reader,
        body: { text: 'x' },
      }).expect(403);
      await post({ path: '/api/v1/response-plans', headers: reader, body: paymentsPlan }).expect(
        403,
      );
      const writer = await post({
        path: '/api/v1/api-keys',
        body: { name: 'responder', scopes: ['incidents:read', 'incidents:write'] },
      }).expect(201);
      const responder = { Authorization: `Bearer ${writer.body.token}` };
      await post({ path: '/api/v1/response-plans', headers: responder, body: paymentsPlan }).expect(
        403,
      );
      const list = await sitrep.http.get('/api/v1/response-plans').set(reader).expect(200);
      const names = list.body.items.map((p: { name: string }) => p.name);
      expect(names).toContain('Default');
      expect(await eventsOf(id)).toHaveLength(1);
    });
  });

  describe('response plans', () => {
    it('the default plan exists out of the box with the standing numbers', async () => {
      const res = await sitrep.http
        .get(`/api/v1/response-plans/${DEFAULT_RESPONSE_PLAN_ID}`)
        .set(admin)
        .expect(200);
      expect(res.body).toMatchObject({
        id: DEFAULT_RESPONSE_PLAN_ID,
        name: 'Default',
        status: 'active',
        isDefault: true,
        contacts: [],
        investigationMinutes: 30,
        huddleMinutes: 5,
        internalUpdateMinutes: 30,
        customerUpdateMinutes: 60,
      });
    });

    it('a revision is a new version with its history kept; retiring keeps it readable', async () => {
      const planId = await createPlan();
      await sitrep.http
        .put(`/api/v1/response-plans/${planId}`)
        .set(admin)
        .send({ ...paymentsPlan, huddleMinutes: 10, reason: 'Wash-up 42' })
        .expect(200, { id: planId, version: 2 });
      await sitrep.http
        .delete(`/api/v1/response-plans/${planId}`)
        .set(admin)
        .set('If-Match', '"2"')
        .expect(200);
      const res = await sitrep.http.get(`/api/v1/response-plans/${planId}`).set(admin).expect(200);
      expect(res.headers.etag).toBe('"3"');
      expect(res.body).toMatchObject({ status: 'retired', version: 2, huddleMinutes: 10 });
      expect(res.body.retiredAt).toEqual(expect.any(String));
      expect(
        res.body.versions.map(
          (v: { version: number; huddleMinutes: number; reason: string | null }) => [
            v.version,
            v.huddleMinutes,
            v.reason,
          ],
        ),
      ).toEqual([
        [1, 5, null],
        [2, 10, 'Wash-up 42'],
      ]);
      const revise = await sitrep.http
        .put(`/api/v1/response-plans/${planId}`)
        .set(admin)
        .send(paymentsPlan)
        .expect(409);
      expect(revise.body.code).toBe('RESPONSE_PLAN.RETIRED');
    });

    it('refuses an invalid plan with 400 naming the field', async () => {
      const res = await post({
        path: '/api/v1/response-plans',
        body: { ...paymentsPlan, huddleMinutes: 0, contacts: [{ name: 'x' }] },
      }).expect(400);
      expect(JSON.stringify(res.body.details)).toContain('huddleMinutes');
      expect(JSON.stringify(res.body.details)).toContain('contacts');
      await sitrep.http
        .get('/api/v1/response-plans/00000000-0000-4000-8000-000000000abd')
        .set(admin)
        .expect(404);
    });
  });

  describe('the record', () => {
    it('notes, role changes and corrections of a stored event', async () => {
      const { body } = await post({
        path: '/api/v1/incidents',
        body: { title: 'Record', severity: 'SEV3' },
      }).expect(201);
      const at = (suffix: string) => `/api/v1/incidents/${body.id}${suffix}`;
      const note = (
        await post({ path: at('/notes'), body: { text: 'Seen in batch jobs' } }).expect(201)
      ).body;
      expect(note.noteId).toEqual(expect.any(String));
      await post({ path: at('/roles'), body: { role: 'investigator', person: 'erin' } }).expect(
        200,
      );
      const removed = await sitrep.http
        .delete(at('/roles/investigator/erin'))
        .set(admin)
        .expect(200);
      const again = await sitrep.http.delete(at('/roles/investigator/erin')).set(admin).expect(200);
      expect(again.body.version).toBe(removed.body.version);
      await sitrep.http.delete(at('/roles/janitor/erin')).set(admin).expect(400);
      const [declared] = await eventsOf(body.id);
      const correction = await post({
        path: at('/corrections'),
        body: {
          correctsEventId: declared.eventId,
          whatWasWrong: 'It began ten minutes earlier',
          actuallyHappenedAt: '2026-01-01T09:00:00Z',
        },
      }).expect(201);
      expect(correction.body.correctionId).toEqual(expect.any(String));
      const unknown = await post({
        path: at('/corrections'),
        body: {
          correctsEventId: '00000000-0000-4000-8000-000000000000',
          whatWasWrong: 'x',
          actuallyHappenedAt: '2026-01-01T09:00:00Z',
        },
      }).expect(404);
      expect(unknown.body.code).toBe('INCIDENT.EVENT_NOT_FOUND');
      const types = (await eventsOf(body.id)).map((e) => e.type);
      expect(types.slice(3)).toEqual([
        'NoteAdded',
        'RoleAssigned',
        'RoleUnassigned',
        'CorrectionRecorded',
      ]);
    });

    it('documents the new routes in OpenAPI', async () => {
      const res = await sitrep.http.get('/docs-json').expect(200);
      expect(Object.keys(res.body.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/incidents/potential',
          '/api/v1/incidents/{id}/confirm',
          '/api/v1/incidents/{id}/roles/{role}/{person}',
          '/api/v1/incidents/{id}/actions/{actionId}/complete',
          '/api/v1/incidents/{id}/corrections',
          '/api/v1/response-plans',
          '/api/v1/response-plans/{id}',
        ]),
      );
    });
  });
});
