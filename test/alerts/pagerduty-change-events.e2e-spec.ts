import { SitrepModule } from '../../apps/sitrep/src/sitrep.module';
import { bootForSuite } from '../support/boot-sitrep';
import {
  admin,
  createIntegration,
  deliveryRecord,
  eventually,
  fixtureJson,
  processed,
  type Json,
} from '../support/alerts';

describe('PagerDuty change events on the timelines of open incidents (all-in-one app)', () => {
  const sitrep = bootForSuite(SitrepModule);

  it('a change of a service is noted on its open incident, by the integration; one of another service on none', async () => {
    const pd = await createIntegration(sitrep.http, {
      source: 'pagerduty',
      openAs: 'declared',
      authMode: 'vendor',
    });
    const post = (path: string, event: Json) =>
      sitrep.http
        .post(`${pd.webhookPath}${path}`)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ ...event, routing_key: pd.secret }));
    // A service of this test's own: other suites open incidents of "payments" in the same database.
    const service = `payments-${pd.id}`;
    const trigger = fixtureJson('pagerduty', 'trigger.json');
    trigger.payload.custom_details.service = service;
    const fired = await processed(sitrep.http, await post('/v2/enqueue', trigger).expect(202));
    const incidentId = fired.alerts[0].incidentId!;
    // Changes find open incidents by the incident list, which follows the event log.
    await eventually(async () => {
      const res = await sitrep.http
        .get('/api/v1/incidents?status=investigating&limit=100')
        .set(admin);
      return (
        (res.body.items as Json[] | undefined)?.some((i) => i.incidentId === incidentId) ||
        undefined
      );
    }, 'the incident on the list');

    const change = fixtureJson('pagerduty', 'change.json');
    change.payload.custom_details.service = service;
    const answer = await post('/v2/change/enqueue', change).expect(202);
    expect(answer.body).toEqual({ status: 'success', message: 'Change event processed' });
    await processed(sitrep.http, answer);
    const record = await deliveryRecord(sitrep.http, answer.headers['x-sitrep-delivery-id']);
    expect(record.processing.outcome).toEqual({
      alerts: [],
      change: {
        service,
        notedOn: [incidentId],
        reason: `noted on the open incidents of service "${service}"`,
      },
    });

    const note = await eventually(async () => {
      const res = await sitrep.http
        .get(`/api/v1/incidents/${incidentId}/timeline`)
        .set(admin)
        .expect(200);
      return (res.body.entries as Json[]).find((e) => e.type === 'NoteAdded');
    }, 'the change note on the timeline');
    expect(JSON.stringify(note)).toContain(
      'Change: Build Success - Increase snapshot create timeout to 30 seconds (acme-build-pipeline-tool-default-i-9999) at 2025-03-14T09:25:58.315Z',
    );
    expect(JSON.stringify(note)).toContain(`integration:${pd.id}`);

    const elsewhere = {
      ...change,
      payload: { ...change.payload, custom_details: { service: `search-${pd.id}` } },
    };
    const other = await post('/v2/change/enqueue', elsewhere).expect(202);
    await processed(sitrep.http, other);
    const otherRecord = await deliveryRecord(sitrep.http, other.headers['x-sitrep-delivery-id']);
    expect(otherRecord.processing.outcome.change).toEqual({
      service: `search-${pd.id}`,
      notedOn: [],
      reason: `no open incident of service "search-${pd.id}"`,
    });
  }, 30_000);
});
