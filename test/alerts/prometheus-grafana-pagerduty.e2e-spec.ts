import { SitrepModule } from '../../apps/sitrep/src/sitrep.module';
import { bootForSuite } from '../support/boot-sitrep';
import {
  alertmanagerIntegration,
  alertsWhen,
  createIntegration,
  DECLARED,
  deliveryIdOf,
  expectAcceptedAnswer,
  expectRefusedChangingNothing,
  fixtureJson,
  fixtureText,
  footprintOf,
  hmacSha256Hex,
  incidentEvents,
  incidentStatusBecomes,
  processed,
  typesOf,
  variantOf,
} from '../support/alerts';

describe('Alert sources over HTTP: Alertmanager, Grafana, PagerDuty (all-in-one app)', () => {
  const sitrep = bootForSuite(SitrepModule);

  it('Alertmanager: firing declares one incident, a retry and a repeat deduplicate, resolving every alert resolves it, a wrong token changes nothing', async () => {
    const { am, send } = await alertmanagerIntegration(sitrep.http);
    const firing = fixtureText('alertmanager', 'firing.json');

    const answer = await send(firing).expect(202);
    expect(answer.body).toEqual({
      deliveryId: answer.headers['x-sitrep-delivery-id'],
      status: 'accepted',
      alerts: [
        { dedupKey: '7f3c1a9d02be44e1', status: 'firing' },
        { dedupKey: 'b91e0047c6d3a2f8', status: 'firing' },
      ],
    });
    const fired = await processed(sitrep.http, answer);
    const incidentId = fired.alerts[0].incidentId!;
    // Both alerts are about checkout-api: the second joins the first one's incident.
    expect(fired).toEqual({
      deliveryId: answer.body.deliveryId,
      status: 'processed',
      alerts: [
        expect.objectContaining({ dedupKey: '7f3c1a9d02be44e1', decision: 'opened', incidentId }),
        expect.objectContaining({ dedupKey: 'b91e0047c6d3a2f8', decision: 'joined', incidentId }),
      ],
    });
    expect((await footprintOf(sitrep.app, am.id)).incidentIds).toEqual([incidentId]);
    const declared = await incidentEvents(sitrep.http, incidentId);
    expect(typesOf(declared)).toEqual(DECLARED);
    expect(declared[0].data).toMatchObject({ severity: 'SEV1', services: ['checkout-api'] });
    expect(declared[0].metadata).toMatchObject({ actor: `integration:${am.id}`, source: 'alerts' });
    const detail = await incidentStatusBecomes(sitrep.http, incidentId, 'investigating');
    expect(detail.title).toBe('Checkout API 5xx ratio above 5% for 5 minutes');

    // The sender retrying the same bytes: recognised as a retry, nothing ingested again.
    const before = await footprintOf(sitrep.app, am.id);
    const retried = await processed(sitrep.http, await send(firing).expect(202));
    expect(retried).toMatchObject({ status: 'retry', retryOf: fired.deliveryId, alerts: [] });
    expect(await footprintOf(sitrep.app, am.id)).toEqual(before);

    // The same alerts in a new notification: deduplicated onto the incident.
    const repeated = await processed(
      sitrep.http,
      await send(variantOf(JSON.parse(firing), 1)).expect(202),
    );
    expect(repeated.alerts.map((a) => a.decision)).toEqual(['deduplicated', 'deduplicated']);
    expect((await footprintOf(sitrep.app, am.id)).incidentIds).toEqual([incidentId]);
    const alerts = await alertsWhen(
      sitrep.http,
      incidentId,
      (all) => all.length === 2 && all.every((a) => a.decisions.length === 2),
      'both repeats on /alerts',
    );
    expect(alerts.map((a) => [a.dedupKey, a.decisions.map((d) => d.decision)])).toEqual([
      ['7f3c1a9d02be44e1', ['opened', 'deduplicated']],
      ['b91e0047c6d3a2f8', ['joined', 'deduplicated']],
    ]);
    expect(alerts[0].decisions[1]).toMatchObject({
      deliveryId: repeated.deliveryId,
      count: 2,
    });

    // The fixture resolves one alert while the other still fires: the incident stays open.
    const resolvedJson = fixtureJson('alertmanager', 'resolved.json');
    const partly = await processed(
      sitrep.http,
      await send(JSON.stringify(resolvedJson)).expect(202),
    );
    expect(partly.alerts[0]).toMatchObject({
      dedupKey: '7f3c1a9d02be44e1',
      decision: 'resolved',
      incidentId,
    });
    expect(partly.alerts[0].reason).toMatch(/other alerts of the incident still fire/);
    expect(typesOf(await incidentEvents(sitrep.http, incidentId))).not.toContain(
      'IncidentResolved',
    );

    // Then the last one resolves too: the incident resolves.
    resolvedJson.alerts[1].status = 'resolved';
    resolvedJson.status = 'resolved';
    const all = await processed(sitrep.http, await send(JSON.stringify(resolvedJson)).expect(202));
    expect(all.alerts[1]).toMatchObject({
      dedupKey: 'b91e0047c6d3a2f8',
      decision: 'resolved',
      incidentId,
    });
    expect(all.alerts[1].reason).toMatch(/incident resolved/);
    const events = await incidentEvents(sitrep.http, incidentId);
    expect(typesOf(events)).toEqual([...DECLARED, 'IncidentResolved']);
    expect(events[3].data.resolutionSummary).toMatch(/All alerts resolved/);
    await incidentStatusBecomes(sitrep.http, incidentId, 'resolved');

    // A firing delivery with the wrong token would reopen it, were it let in.
    const refused = await expectRefusedChangingNothing(
      sitrep,
      am.id,
      () => send(variantOf(JSON.parse(firing), 2), 'whk_not-the-token'),
      { status: 401, code: 'WEBHOOK.UNAUTHENTICATED', deliveryStatus: 'unauthenticated' },
      [incidentId],
    );
    expect(refused.headers['www-authenticate']).toMatch(/^Bearer/);
  }, 30_000);

  it('Grafana (HMAC-signed): firing declares an incident per service, a repeat deduplicates, resolved resolves, a bad signature changes nothing', async () => {
    const grafana = await createIntegration(sitrep.http, {
      source: 'grafana',
      openAs: 'declared',
      autoResolve: 'resolve',
      authMode: 'vendor',
    });
    expect(grafana.kind).toBe('signing-secret');
    const send = (body: string, secret = grafana.secret, timestamp?: string) => {
      const req = sitrep.http.post(grafana.webhookPath).set('Content-Type', 'application/json');
      if (timestamp) {
        req.set('X-Grafana-Alerting-Signature-Timestamp', timestamp);
        req.set('X-Grafana-Alerting-Signature', hmacSha256Hex(secret, `${timestamp}:`, body));
      } else {
        req.set('X-Grafana-Alerting-Signature', hmacSha256Hex(secret, body));
      }
      return req.send(body);
    };
    const firing = fixtureText('grafana', 'firing.json');
    const both = (status: 'firing' | 'resolved') => [
      { dedupKey: '4a1e2c3f9b0d7e61', status },
      { dedupKey: 'd02f96ab5c4e1170', status },
    ];

    const answer = await send(firing);
    expectAcceptedAnswer(answer, both('firing'));
    const fired = await processed(sitrep.http, answer);
    expect(fired).toMatchObject({ deliveryId: answer.body.deliveryId, status: 'processed' });
    // Replication lag is about orders-db; the disk alert names no service: two incidents.
    const [lag, disk] = fired.alerts;
    expect(fired.alerts).toHaveLength(2);
    expect(lag).toMatchObject({
      dedupKey: '4a1e2c3f9b0d7e61',
      decision: 'opened',
      incidentId: expect.any(String),
    });
    expect(disk).toMatchObject({
      dedupKey: 'd02f96ab5c4e1170',
      decision: 'opened',
      incidentId: expect.any(String),
    });
    const lagIncident = lag.incidentId!;
    const diskIncident = disk.incidentId!;
    expect(diskIncident).not.toBe(lagIncident);
    expect((await footprintOf(sitrep.app, grafana.id)).incidentIds.sort()).toEqual(
      [lagIncident, diskIncident].sort(),
    );
    const lagEvents = await incidentEvents(sitrep.http, lagIncident);
    expect(typesOf(lagEvents)).toEqual(DECLARED);
    expect(lagEvents[0].data).toMatchObject({ severity: 'SEV2', services: ['orders-db'] });
    expect(typesOf(await incidentEvents(sitrep.http, diskIncident))).toEqual(DECLARED);

    // Signed with a timestamp this time (Grafana signs `<timestamp>:<body>` then).
    const now = String(Math.floor(Date.now() / 1000));
    const repeatAnswer = await send(variantOf(JSON.parse(firing), 1), grafana.secret, now);
    expectAcceptedAnswer(repeatAnswer, both('firing'));
    const repeated = await processed(sitrep.http, repeatAnswer);
    expect(repeated).toEqual({
      deliveryId: repeatAnswer.body.deliveryId,
      status: 'processed',
      alerts: [
        expect.objectContaining({
          dedupKey: '4a1e2c3f9b0d7e61',
          decision: 'deduplicated',
          incidentId: lagIncident,
        }),
        expect.objectContaining({
          dedupKey: 'd02f96ab5c4e1170',
          decision: 'deduplicated',
          incidentId: diskIncident,
        }),
      ],
    });
    expect((await footprintOf(sitrep.app, grafana.id)).incidentIds).toHaveLength(2);
    const lagAlerts = await alertsWhen(
      sitrep.http,
      lagIncident,
      (all) => all[0]?.decisions.length === 2,
      'the repeat on /alerts',
    );
    expect(lagAlerts).toHaveLength(1);
    expect(lagAlerts[0].decisions.map((d) => d.decision)).toEqual(['opened', 'deduplicated']);
    expect(lagAlerts[0].decisions[1]).toMatchObject({ deliveryId: repeated.deliveryId, count: 2 });

    const resolvedAnswer = await send(fixtureText('grafana', 'resolved.json'));
    expectAcceptedAnswer(resolvedAnswer, [{ dedupKey: '4a1e2c3f9b0d7e61', status: 'resolved' }]);
    const resolved = await processed(sitrep.http, resolvedAnswer);
    expect(resolved).toEqual({
      deliveryId: resolvedAnswer.body.deliveryId,
      status: 'processed',
      alerts: [
        expect.objectContaining({
          dedupKey: '4a1e2c3f9b0d7e61',
          decision: 'resolved',
          incidentId: lagIncident,
        }),
      ],
    });
    expect(typesOf(await incidentEvents(sitrep.http, lagIncident))).toEqual([
      ...DECLARED,
      'IncidentResolved',
    ]);
    await incidentStatusBecomes(sitrep.http, lagIncident, 'resolved');
    // The disk alert still fires: its incident stays open.
    expect(typesOf(await incidentEvents(sitrep.http, diskIncident))).toEqual(DECLARED);

    const incidents = [lagIncident, diskIncident];
    const forged = variantOf(JSON.parse(firing), 2);
    await expectRefusedChangingNothing(
      sitrep,
      grafana.id,
      () => send(forged, 'a-different-secret'),
      { status: 401, code: 'WEBHOOK.UNAUTHENTICATED', deliveryStatus: 'unauthenticated' },
      incidents,
    );
    // A genuine signature over other bytes is no signature of these.
    await expectRefusedChangingNothing(
      sitrep,
      grafana.id,
      () =>
        sitrep.http
          .post(grafana.webhookPath)
          .set('Content-Type', 'application/json')
          .set('X-Grafana-Alerting-Signature', hmacSha256Hex(grafana.secret, firing))
          .send(forged),
      { status: 401, code: 'WEBHOOK.UNAUTHENTICATED', deliveryStatus: 'unauthenticated' },
      incidents,
    );
    await expectRefusedChangingNothing(
      sitrep,
      grafana.id,
      () =>
        sitrep.http.post(grafana.webhookPath).set('Content-Type', 'application/json').send(forged),
      { status: 401, code: 'WEBHOOK.UNAUTHENTICATED', deliveryStatus: 'unauthenticated' },
      incidents,
    );
  }, 30_000);

  it('PagerDuty Events API v2: trigger answers 202 with the dedup_key and declares, a repeat deduplicates, resolve resolves, a wrong routing key changes nothing', async () => {
    const pd = await createIntegration(sitrep.http, {
      source: 'pagerduty',
      openAs: 'declared',
      autoResolve: 'resolve',
      authMode: 'vendor',
    });
    expect(pd.kind).toBe('vendor-key');
    const enqueue = `${pd.webhookPath}/v2/enqueue`;
    const send = (event: object, routingKey = pd.secret) =>
      sitrep.http
        .post(enqueue)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ ...event, routing_key: routingKey }));
    const trigger = fixtureJson('pagerduty', 'trigger.json');
    const dedupKey: string = trigger.dedup_key;
    /** PagerDuty's own reply, unchanged by the asynchronous intake; the record is in the header. */
    const pagerDutyReply = {
      status: 'success',
      message: 'Event processed',
      dedup_key: dedupKey,
    };

    const firedAnswer = await send(trigger).expect(202);
    expect(firedAnswer.body).toEqual(pagerDutyReply);
    const fired = await processed(sitrep.http, firedAnswer);
    expect(fired).toEqual({
      deliveryId: deliveryIdOf(firedAnswer),
      status: 'processed',
      alerts: [
        expect.objectContaining({ dedupKey, decision: 'opened', incidentId: expect.any(String) }),
      ],
    });
    const { incidentIds } = await footprintOf(sitrep.app, pd.id);
    expect(incidentIds).toEqual([fired.alerts[0].incidentId]);
    const [incidentId] = incidentIds;
    const declared = await incidentEvents(sitrep.http, incidentId);
    expect(typesOf(declared)).toEqual(DECLARED);
    expect(declared[0].data).toMatchObject({
      title: trigger.payload.summary,
      severity: 'SEV1',
    });

    const repeatAnswer = await send({
      ...trigger,
      payload: { ...trigger.payload, severity: 'error' },
    }).expect(202);
    expect(repeatAnswer.body).toEqual(pagerDutyReply);
    const repeated = await processed(sitrep.http, repeatAnswer);
    expect(repeated).toEqual({
      deliveryId: deliveryIdOf(repeatAnswer),
      status: 'processed',
      alerts: [expect.objectContaining({ dedupKey, decision: 'updated', incidentId })],
    });
    expect((await footprintOf(sitrep.app, pd.id)).incidentIds).toEqual([incidentId]);
    const alerts = await alertsWhen(
      sitrep.http,
      incidentId,
      (all) => all[0]?.decisions.length === 2,
      'the repeat on /alerts',
    );
    expect(alerts).toEqual([expect.objectContaining({ integrationId: pd.id, dedupKey })]);
    expect(alerts[0].decisions.map((d) => d.decision)).toEqual(['opened', 'updated']);
    expect(alerts[0].decisions[1]).toMatchObject({ deliveryId: repeated.deliveryId, count: 2 });

    // acknowledge carries no alert state: accepted, processed with no alerts, nothing changes.
    const beforeAck = await footprintOf(sitrep.app, pd.id);
    const ackAnswer = await send(fixtureJson('pagerduty', 'acknowledge.json')).expect(202);
    expect(ackAnswer.body.dedup_key).toBe(dedupKey);
    expect(await processed(sitrep.http, ackAnswer)).toEqual({
      deliveryId: deliveryIdOf(ackAnswer),
      status: 'processed',
      alerts: [],
    });
    expect((await footprintOf(sitrep.app, pd.id)).events).toBe(beforeAck.events);

    const resolvedAnswer = await send(fixtureJson('pagerduty', 'resolve.json')).expect(202);
    expect(resolvedAnswer.body).toEqual(pagerDutyReply);
    expect(await processed(sitrep.http, resolvedAnswer)).toEqual({
      deliveryId: deliveryIdOf(resolvedAnswer),
      status: 'processed',
      alerts: [expect.objectContaining({ dedupKey, decision: 'resolved', incidentId })],
    });
    expect(typesOf(await incidentEvents(sitrep.http, incidentId))).toEqual([
      ...DECLARED,
      'IncidentResolved',
    ]);
    await incidentStatusBecomes(sitrep.http, incidentId, 'resolved');

    await expectRefusedChangingNothing(
      sitrep,
      pd.id,
      () => send(trigger, '0123456789abcdef0123456789abcdef'),
      { status: 401, code: 'WEBHOOK.UNAUTHENTICATED', deliveryStatus: 'unauthenticated' },
      [incidentId],
    );
  }, 30_000);
});
