import { SitrepModule } from '../../apps/sitrep/src/sitrep.module';
import type { RecordedEvent } from '@sitrep/event-store';
import { timelineEntryOf } from '@sitrep/incident';
import { bootForSuite } from '../support/boot-sitrep';
import {
  admin,
  alertmanagerIntegration,
  eventually,
  fixtureJson,
  fixtureText,
  incidentAlerts,
  incidentEvents,
  processed,
  variantOf,
} from '../support/alerts';

interface Entry {
  position: number;
  eventId: string;
  type: string;
  kind: string;
  occurredAt: string;
  actor: string;
  summary: string;
  details: Record<string, unknown>;
}

describe('Alert decisions on the incident timeline (all-in-one app)', () => {
  const sitrep = bootForSuite(SitrepModule);

  const timeline = async (id: string, query = ''): Promise<Entry[]> => {
    const res = await sitrep.http
      .get(`/api/v1/incidents/${id}/timeline${query}`)
      .set(admin)
      .expect(200);
    expect(res.body.incidentId).toBe(id);
    return res.body.entries as Entry[];
  };

  it('shows each alert decision of an alert-opened incident among its own entries, and ?kind=alert only those', async () => {
    const { am, send: deliver } = await alertmanagerIntegration(sitrep.http);
    const send = (body: string) => deliver(body).expect(202);
    const firing = fixtureText('alertmanager', 'firing.json');

    const fired = await processed(sitrep.http, await send(firing));
    const incidentId = fired.alerts[0].incidentId!;
    const repeated = await processed(sitrep.http, await send(variantOf(JSON.parse(firing), 1)));
    expect(repeated.alerts.map((a) => a.decision)).toEqual(['deduplicated', 'deduplicated']);
    const resolvedJson = fixtureJson('alertmanager', 'resolved.json');
    resolvedJson.alerts[1].status = 'resolved';
    resolvedJson.status = 'resolved';
    const resolved = await processed(sitrep.http, await send(JSON.stringify(resolvedJson)));
    expect(resolved.alerts.map((a) => a.decision)).toEqual(['resolved', 'resolved']);

    const entries = await eventually(async () => {
      const all = await timeline(incidentId);
      const done =
        all.filter((e) => e.kind === 'alert').length === 6 &&
        all.some((e) => e.type === 'IncidentResolved');
      return done ? all : undefined;
    }, 'the alert decisions and the resolution on the timeline');

    // Time order; at one instant the incident's own entries first, the opener before the joiner.
    const [A, B] = ['7f3c1a9d02be44e1', 'b91e0047c6d3a2f8'];
    expect(entries.map((e) => [e.type, e.details.dedupKey ?? null])).toEqual([
      ['IncidentDeclared', null],
      ['NotificationsRequested', null],
      ['InvestigationTimeboxStarted', null],
      ['AlertOpened', A],
      ['AlertJoined', B],
      ['AlertDeduplicated', A],
      ['AlertDeduplicated', B],
      ['IncidentResolved', null],
      ['AlertResolved', A],
      ['AlertResolved', B],
    ]);
    const times = entries.map((e) => Date.parse(e.occurredAt));
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(entries[3].occurredAt).toBe(entries[0].occurredAt);
    expect(entries[8].occurredAt).toBe(entries[7].occurredAt);

    // The incident's own entries are its events, unchanged.
    const own = entries.filter((e) => e.kind !== 'alert');
    expect(own.map((e) => e.eventId)).toEqual(
      (await incidentEvents(sitrep.http, incidentId)).map((e) => e.eventId),
    );

    // Each alert entry says which alert, what was decided, why, by which delivery.
    const alerts = entries.filter((e) => e.kind === 'alert');
    const byDelivery = [fired, fired, repeated, repeated, resolved, resolved];
    for (const [i, e] of alerts.entries()) {
      expect(e.actor).toBe(`integration:${am.id}`);
      expect(e.eventId).toMatch(new RegExp(`^alert-${am.id}-[0-9a-f]{32}#${e.position}$`));
      expect(e.details).toMatchObject({
        integrationId: am.id,
        episode: 1,
        deliveryId: byDelivery[i].deliveryId,
      });
    }
    expect(
      alerts.map((e) => [e.position, e.details.decision, e.details.rule, e.details.count]),
    ).toEqual([
      // Position 1: the firing, carrying the attach decided with it.
      [1, 'opened', 'opened', null],
      [1, 'joined', 'grouped', null],
      [2, 'deduplicated', null, 2],
      [2, 'deduplicated', null, 2],
      [3, 'resolved', null, null],
      [3, 'resolved', null, null],
    ]);
    const decisionsOf = await incidentAlerts(sitrep.http, incidentId);
    const joinedReason = decisionsOf.find((a) => a.dedupKey === B)!.decisions[0].reason;
    expect(joinedReason).toMatch(/^grouping: same integration and service "checkout-api"/);
    expect(alerts[1].summary).toBe(`Alert "${B}" joined: ${joinedReason}`);
    expect(alerts[2].summary).toBe(
      `Alert "${A}" deduplicated: deduplication: same dedup key while its alert is open (2 deliveries)`,
    );

    // The kind filter: alert alone gives exactly the alert entries; with another kind, both.
    expect(await timeline(incidentId, '?kind=alert')).toEqual(alerts);
    expect((await timeline(incidentId, '?kind=resolution,alert')).map((e) => e.eventId)).toEqual(
      entries.filter((e) => e.kind === 'alert' || e.kind === 'resolution').map((e) => e.eventId),
    );
    expect((await timeline(incidentId, '?kind=declaration')).map((e) => e.type)).toEqual([
      'IncidentDeclared',
    ]);
  }, 30_000);

  it('an incident declared by hand keeps exactly its own timeline: no alert entries', async () => {
    const declared = await sitrep.http
      .post('/api/v1/incidents')
      .set(admin)
      .send({ title: 'Declared by hand', severity: 'SEV3', services: ['checkout-api'] })
      .expect(201);
    const id: string = declared.body.id;

    const entries = await eventually(async () => {
      const all = await timeline(id);
      return all.length === 3 ? all : undefined;
    }, 'the declared incident on the timeline');
    const res = await sitrep.http.get(`/api/v1/incidents/${id}/events`).set(admin).expect(200);
    const events = res.body.events as (Omit<RecordedEvent, 'recordedAt'> & {
      recordedAt: string;
    })[];
    // Exactly the entries of its events, as before alert decisions were shown.
    expect(entries).toEqual(
      events.map((e) => timelineEntryOf({ ...e, recordedAt: new Date(e.recordedAt) })),
    );
    expect(entries.map((e) => e.kind)).toEqual(['declaration', 'notification', 'timebox']);
    expect(await timeline(id, '?kind=alert')).toEqual([]);
  }, 30_000);

  it('the kind filter accepts alert and still refuses unknown kinds; an unknown incident is 404', async () => {
    const unknown = '00000000-0000-4000-8000-00000000beef';
    await sitrep.http
      .get(`/api/v1/incidents/${unknown}/timeline?kind=alert`)
      .set(admin)
      .expect(404);
    const refused = await sitrep.http
      .get(`/api/v1/incidents/${unknown}/timeline?kind=alert,alerts`)
      .set(admin)
      .expect(400);
    expect(JSON.stringify(refused.body)).toMatch(/kind must be among .*\balert\b/);
  });
});
