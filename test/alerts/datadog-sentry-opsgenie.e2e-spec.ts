import { SitrepModule } from '../../apps/sitrep/src/sitrep.module';
import { bootForSuite } from '../support/boot-sitrep';
import {
  alertsWhen,
  createIntegration,
  decided,
  DECLARED,
  deliveryIdOf,
  expectRefusedChangingNothing,
  fixtureJson,
  fixtureText,
  footprintOf,
  hmacSha256Hex,
  incidentEvents,
  incidentStatusBecomes,
  processed,
  REFUSED,
  typesOf,
  variantOf,
} from '../support/alerts';

describe('Alert sources over HTTP: Datadog, Sentry, Opsgenie (all-in-one app)', () => {
  const sitrep = bootForSuite(SitrepModule);

  it('Datadog: a triggered monitor declares an incident, a repeat deduplicates, the recovery resolves it, a wrong token changes nothing', async () => {
    const dd = await createIntegration(sitrep.http, {
      source: 'datadog',
      openAs: 'declared',
      autoResolve: 'resolve',
    });
    const send = (body: string, token = dd.secret) =>
      sitrep.http
        .post(dd.webhookPath)
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'application/json')
        .send(body);
    const firing = fixtureJson('datadog', 'default-firing.json');

    const fired = await decided(sitrep.http, send(JSON.stringify(firing)), [
      { dedupKey: expect.any(String), status: 'firing' },
    ]);
    expect(fired.alerts).toEqual([
      expect.objectContaining({ decision: 'opened', incidentId: expect.any(String) }),
    ]);
    const { dedupKey } = fired.alerts[0];
    const incidentId = fired.alerts[0].incidentId!;
    expect((await footprintOf(sitrep.app, dd.id)).incidentIds).toEqual([incidentId]);
    const declared = await incidentEvents(sitrep.http, incidentId);
    expect(typesOf(declared)).toEqual(DECLARED);
    expect(declared[0].data).toMatchObject({ severity: 'SEV2', services: ['checkout-api'] });

    // Datadog re-notifies with a new event id and time: same monitor and scope, same alert.
    const renotified = { ...firing, id: '7894561230981239999', date: '1741944367000' };
    const repeated = await decided(sitrep.http, send(JSON.stringify(renotified)), [
      { dedupKey, status: 'firing' },
    ]);
    expect(repeated.alerts).toEqual([
      expect.objectContaining({ dedupKey, incidentId, decision: 'updated' }),
    ]);
    expect((await footprintOf(sitrep.app, dd.id)).incidentIds).toEqual([incidentId]);
    const alerts = await alertsWhen(
      sitrep.http,
      incidentId,
      (all) => all[0]?.decisions.length === 2,
      'the repeat on /alerts',
    );
    expect(alerts[0].decisions.map((d) => d.decision)).toEqual(['opened', 'updated']);
    expect(alerts[0].decisions[1]).toMatchObject({ deliveryId: repeated.deliveryId, count: 2 });

    // The recovery lists the scope's tags in another order; it is the same alert.
    const resolved = await decided(
      sitrep.http,
      send(fixtureText('datadog', 'default-resolved.json')),
      [{ dedupKey, status: 'resolved' }],
    );
    expect(resolved.alerts).toEqual([
      expect.objectContaining({ dedupKey, incidentId, decision: 'resolved' }),
    ]);
    expect(typesOf(await incidentEvents(sitrep.http, incidentId))).toEqual([
      ...DECLARED,
      'IncidentResolved',
    ]);
    await incidentStatusBecomes(sitrep.http, incidentId, 'resolved');

    await expectRefusedChangingNothing(
      sitrep,
      dd.id,
      () => send(variantOf(firing, 2), 'whk_wrong'),
      REFUSED,
      [incidentId],
    );
    // No token at all is refused the same way.
    await expectRefusedChangingNothing(
      sitrep,
      dd.id,
      () =>
        sitrep.http
          .post(dd.webhookPath)
          .set('Content-Type', 'application/json')
          .send(variantOf(firing, 3)),
      REFUSED,
      [incidentId],
    );
  }, 30_000);

  it('Sentry (client-secret signature): an issue alert declares an incident, a repeat deduplicates, resolving the issue resolves it, a bad signature changes nothing', async () => {
    const clientSecret = `sentry-client-secret-${Date.now()}`;
    const sentry = await createIntegration(sitrep.http, {
      source: 'sentry',
      openAs: 'declared',
      autoResolve: 'resolve',
      authMode: 'vendor',
      signingSecret: clientSecret,
    });
    expect(sentry).toMatchObject({ kind: 'signing-secret', secret: clientSecret });
    const send = (
      resource: string,
      body: string,
      { secret = clientSecret, timestamp = Math.floor(Date.now() / 1000) } = {},
    ) =>
      sitrep.http
        .post(sentry.webhookPath)
        .set('Content-Type', 'application/json')
        .set('Sentry-Hook-Resource', resource)
        .set('Sentry-Hook-Timestamp', String(timestamp))
        .set('Sentry-Hook-Signature', hmacSha256Hex(secret, body))
        .send(body);
    const triggered = fixtureText('sentry', 'issue-alert-triggered.json');
    const dedupKey = 'issue:4512873390';

    const fired = await decided(sitrep.http, send('event_alert', triggered), [
      { dedupKey, status: 'firing' },
    ]);
    expect(fired.alerts).toEqual([
      expect.objectContaining({ dedupKey, decision: 'opened', incidentId: expect.any(String) }),
    ]);
    const incidentId = fired.alerts[0].incidentId!;
    expect((await footprintOf(sitrep.app, sentry.id)).incidentIds).toEqual([incidentId]);
    expect(typesOf(await incidentEvents(sitrep.http, incidentId))).toEqual(DECLARED);

    const repeated = await decided(
      sitrep.http,
      send('event_alert', variantOf(JSON.parse(triggered), 1)),
      [{ dedupKey, status: 'firing' }],
    );
    expect(repeated.alerts).toEqual([expect.objectContaining({ dedupKey, incidentId })]);
    expect(['deduplicated', 'updated']).toContain(repeated.alerts[0].decision);
    expect((await footprintOf(sitrep.app, sentry.id)).incidentIds).toEqual([incidentId]);
    const alerts = await alertsWhen(
      sitrep.http,
      incidentId,
      (all) => all[0]?.decisions.length === 2,
      'the repeat on /alerts',
    );
    expect(alerts[0].decisions[1]).toMatchObject({
      decision: repeated.alerts[0].decision,
      deliveryId: repeated.deliveryId,
      count: 2,
    });

    const resolved = await decided(
      sitrep.http,
      send('issue', fixtureText('sentry', 'issue-resolved.json')),
      [{ dedupKey, status: 'resolved' }],
    );
    expect(resolved.alerts).toEqual([
      expect.objectContaining({ dedupKey, incidentId, decision: 'resolved' }),
    ]);
    expect(typesOf(await incidentEvents(sitrep.http, incidentId))).toEqual([
      ...DECLARED,
      'IncidentResolved',
    ]);
    await incidentStatusBecomes(sitrep.http, incidentId, 'resolved');

    const forged = variantOf(JSON.parse(triggered), 2);
    await expectRefusedChangingNothing(
      sitrep,
      sentry.id,
      () => send('event_alert', forged, { secret: 'not-the-client-secret' }),
      REFUSED,
      [incidentId],
    );
    // A genuine signature with a stale timestamp: a replay.
    await expectRefusedChangingNothing(
      sitrep,
      sentry.id,
      () => send('event_alert', forged, { timestamp: Math.floor(Date.now() / 1000) - 3600 }),
      REFUSED,
      [incidentId],
    );
  }, 30_000);

  it('Sentry metric alerts: critical declares, resolved resolves', async () => {
    const clientSecret = `sentry-client-secret-${Date.now()}`;
    const sentry = await createIntegration(sitrep.http, {
      source: 'sentry',
      openAs: 'declared',
      autoResolve: 'resolve',
      authMode: 'vendor',
      signingSecret: clientSecret,
    });
    const send = (body: string) =>
      sitrep.http
        .post(sentry.webhookPath)
        .set('Content-Type', 'application/json')
        .set('Sentry-Hook-Resource', 'metric_alert')
        .set('Sentry-Hook-Timestamp', String(Math.floor(Date.now() / 1000)))
        .set('Sentry-Hook-Signature', hmacSha256Hex(clientSecret, body))
        .send(body);
    const fired = await decided(
      sitrep.http,
      send(fixtureText('sentry', 'metric-alert-critical.json')),
      [{ dedupKey: expect.stringMatching(/^metric-alert:/), status: 'firing' }],
    );
    expect(fired.alerts).toEqual([
      expect.objectContaining({ decision: 'opened', incidentId: expect.any(String) }),
    ]);
    const { dedupKey } = fired.alerts[0];
    const incidentId = fired.alerts[0].incidentId!;
    expect(typesOf(await incidentEvents(sitrep.http, incidentId))).toEqual(DECLARED);
    const resolved = await decided(
      sitrep.http,
      send(fixtureText('sentry', 'metric-alert-resolved.json')),
      [{ dedupKey, status: 'resolved' }],
    );
    expect(resolved.alerts).toEqual([
      expect.objectContaining({ dedupKey, incidentId, decision: 'resolved' }),
    ]);
    expect(typesOf(await incidentEvents(sitrep.http, incidentId))).toContain('IncidentResolved');
  }, 30_000);

  it('Opsgenie Alert API: create declares an incident (202 with a requestId), a repeat deduplicates, close by alias resolves it, a wrong GenieKey changes nothing', async () => {
    const og = await createIntegration(sitrep.http, {
      source: 'opsgenie',
      openAs: 'declared',
      autoResolve: 'resolve',
      authMode: 'vendor',
    });
    expect(og.kind).toBe('vendor-key');
    const post = (path: string, body: string, key = og.secret) =>
      sitrep.http
        .post(`${og.webhookPath}${path}`)
        .set('Authorization', `GenieKey ${key}`)
        .set('Content-Type', 'application/json')
        .send(body);
    const create = fixtureJson('opsgenie', 'create-alert.json');
    const alias: string = create.alias;
    /** Opsgenie's own reply, unchanged by the asynchronous intake; the record is in the header. */
    const opsgenieReply = {
      result: 'Request will be processed',
      took: 0,
      requestId: expect.stringMatching(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      ),
    };

    const firedAnswer = await post('/v2/alerts', JSON.stringify(create)).expect(202);
    expect(firedAnswer.body).toEqual(opsgenieReply);
    const fired = await processed(sitrep.http, firedAnswer);
    expect(fired).toEqual({
      deliveryId: deliveryIdOf(firedAnswer),
      status: 'processed',
      alerts: [
        expect.objectContaining({
          dedupKey: alias,
          decision: 'opened',
          incidentId: expect.any(String),
        }),
      ],
    });
    const { incidentIds } = await footprintOf(sitrep.app, og.id);
    expect(incidentIds).toEqual([fired.alerts[0].incidentId]);
    const [incidentId] = incidentIds;
    const declared = await incidentEvents(sitrep.http, incidentId);
    expect(typesOf(declared)).toEqual(DECLARED);
    expect(declared[0].data).toMatchObject({
      title: create.message,
      severity: 'SEV2',
    });

    const repeatAnswer = await post(
      '/v2/alerts',
      JSON.stringify({ ...create, note: 'Still lagging' }),
    ).expect(202);
    expect(repeatAnswer.body).toEqual(opsgenieReply);
    const repeated = await processed(sitrep.http, repeatAnswer);
    expect(repeated).toEqual({
      deliveryId: deliveryIdOf(repeatAnswer),
      status: 'processed',
      alerts: [expect.objectContaining({ dedupKey: alias, incidentId })],
    });
    expect(['deduplicated', 'updated']).toContain(repeated.alerts[0].decision);
    expect((await footprintOf(sitrep.app, og.id)).incidentIds).toEqual([incidentId]);
    const alerts = await alertsWhen(
      sitrep.http,
      incidentId,
      (all) => all[0]?.decisions.length === 2,
      'the repeat on /alerts',
    );
    expect(alerts).toEqual([expect.objectContaining({ dedupKey: alias })]);
    expect(alerts[0].decisions[1]).toMatchObject({
      decision: repeated.alerts[0].decision,
      deliveryId: repeated.deliveryId,
      count: 2,
    });

    const closeAnswer = await post(
      `/v2/alerts/${encodeURIComponent(alias)}/close?identifierType=alias`,
      fixtureText('opsgenie', 'close-alert.json'),
    ).expect(202);
    expect(closeAnswer.body).toEqual(opsgenieReply);
    expect(await processed(sitrep.http, closeAnswer)).toEqual({
      deliveryId: deliveryIdOf(closeAnswer),
      status: 'processed',
      alerts: [expect.objectContaining({ dedupKey: alias, decision: 'resolved', incidentId })],
    });
    expect(typesOf(await incidentEvents(sitrep.http, incidentId))).toEqual([
      ...DECLARED,
      'IncidentResolved',
    ]);
    await incidentStatusBecomes(sitrep.http, incidentId, 'resolved');

    await expectRefusedChangingNothing(
      sitrep,
      og.id,
      () => post('/v2/alerts', variantOf(create, 2), 'not-the-genie-key'),
      REFUSED,
      [incidentId],
    );
    // A bearer token is not how Opsgenie clients authenticate.
    await expectRefusedChangingNothing(
      sitrep,
      og.id,
      () =>
        sitrep.http
          .post(`${og.webhookPath}/v2/alerts`)
          .set('Authorization', `Bearer ${og.secret}`)
          .set('Content-Type', 'application/json')
          .send(variantOf(create, 3)),
      REFUSED,
      [incidentId],
    );
  }, 30_000);
});
