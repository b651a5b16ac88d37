import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { createSourceRegistry, SOURCE_REGISTRY, type SourceRegistry } from '@sitrep/alerts';
import { SitrepModule } from '../../apps/sitrep/src/sitrep.module';
import { bootForSuite } from '../support/boot-sitrep';
import {
  admin,
  createIntegration,
  deliveriesOf,
  deliveryIdOf,
  deliveryRecord,
  expectRefusedChangingNothing,
  fixtureJson,
  fixtureText,
  footprintOf,
  opens,
  processed,
  REFUSED,
  repeats,
  resolves,
  variantOf,
  type Answer,
  type Json,
} from '../support/alerts';

/** SNS's string to sign (AWS "Verifying the signatures of Amazon SNS messages"), written anew. */
function snsSigned(envelope: Json, key: KeyObject): Json {
  const keys =
    envelope.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  const text = keys
    .filter((k) => envelope[k] !== undefined)
    .map((k) => `${k}\n${envelope[k]}\n`)
    .join('');
  const signature = sign('RSA-SHA256', Buffer.from(text, 'utf8'), key).toString('base64');
  return { ...envelope, SignatureVersion: '2', Signature: signature };
}

describe('Alert sources over HTTP: CloudWatch via SNS, Azure Monitor, Google Cloud Monitoring, Uptime Kuma, generic JSON', () => {
  const sitrep = bootForSuite(SitrepModule);
  // SNS signatures are checked against the certificate at SigningCertURL. The app has no setting
  // for the fetcher, so the booted registry's SNS source is swapped for one whose fetcher serves
  // this test's public key (and records what it was asked for).
  const aws = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const impostor = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const certificateRequests: string[] = [];
  let restoreRegistry: () => void;

  beforeAll(() => {
    const live = sitrep.app.get<SourceRegistry>(SOURCE_REGISTRY, { strict: false });
    const testing = createSourceRegistry({
      fetchSnsSigningCertificate: async (url) => {
        certificateRequests.push(url.toString());
        return aws.publicKey.export({ type: 'spki', format: 'pem' }).toString();
      },
    });
    const get = live.get.bind(live);
    const spy = jest
      .spyOn(live, 'get')
      .mockImplementation((name) => (name === 'cloudwatch-sns' ? testing.get(name) : get(name)));
    restoreRegistry = () => spy.mockRestore();
  });

  afterAll(() => restoreRegistry?.());

  /** A notice or handshake: answered 200, then taken by the processor with no alerts at all. */
  async function noticed(answer: Answer, handshake: string): Promise<void> {
    expect({ status: answer.status, body: answer.body }).toEqual({
      status: 200,
      body: { deliveryId: deliveryIdOf(answer), handshake },
    });
    expect(answer.body.deliveryId).toEqual(expect.any(String));
    expect(await processed(sitrep.http, answer)).toEqual({
      deliveryId: answer.body.deliveryId,
      status: 'processed',
      alerts: [],
    });
  }

  describe('CloudWatch alarms via SNS', () => {
    const topicArn = 'arn:aws:sns:eu-west-1:210987654321:sitrep-prod-alarms';
    /** A fixture as SNS would send it now: fresh message id and time, signed. */
    const fresh = (
      name: string,
      key: KeyObject = aws.privateKey,
      edit: (e: Json) => void = () => {},
    ) => {
      const envelope = fixtureJson('cloudwatch-sns', name);
      envelope.MessageId = randomUUID();
      envelope.Timestamp = new Date().toISOString();
      edit(envelope);
      return JSON.stringify(snsSigned(envelope, key));
    };

    const createSns = () =>
      createIntegration(sitrep.http, {
        source: 'cloudwatch-sns',
        openAs: 'declared',
        autoResolve: 'resolve',
        authMode: 'vendor',
        vendorKey: topicArn,
      });
    const sendTo = (path: string, type: string, body: string) =>
      sitrep.http
        .post(path)
        .set('Content-Type', 'text/plain; charset=UTF-8')
        .set('x-amz-sns-message-type', type)
        .send(body);

    it('accepts the subscription handshake (signed) without ingesting anything, and refuses an unverifiable one', async () => {
      const sns = await createSns();
      const before = await footprintOf(sitrep.app, sns.id);
      const confirmed = await sendTo(
        sns.webhookPath,
        'SubscriptionConfirmation',
        fresh('subscription-confirmation.json'),
      );
      await noticed(confirmed, 'confirm-subscription');
      expect(certificateRequests).toContain(
        fixtureJson('cloudwatch-sns', 'subscription-confirmation.json').SigningCertURL,
      );
      expect(await footprintOf(sitrep.app, sns.id)).toEqual(before);
      const record = await deliveryRecord(sitrep.http, confirmed.body.deliveryId);
      expect(record).toMatchObject({
        status: 'accepted',
        path: '',
        processing: { status: 'processed', outcome: { alerts: [] } },
      });
      expect(record.authResult).toMatch(/^accepted: sns-signature-v2/);
      // The processor would visit SubscribeURL; tests turn that off (no route to AWS), and the
      // outcome says why the subscription is not confirmed.
      expect(record.processing.outcome.handshake).toEqual({
        action: 'confirm-subscription',
        confirmed: false,
        error: expect.stringContaining('SNS_CONFIRM_SUBSCRIPTIONS is false'),
      });

      await expectRefusedChangingNothing(
        sitrep,
        sns.id,
        () =>
          sendTo(
            sns.webhookPath,
            'SubscriptionConfirmation',
            fresh('subscription-confirmation.json', impostor.privateKey),
          ),
        REFUSED,
      );
    }, 30_000);

    it('ALARM declares an incident, a repeat deduplicates, OK resolves it, a bad signature or another topic changes nothing', async () => {
      const sns = await createSns();
      const send = (type: string, body: string) => sendTo(sns.webhookPath, type, body);

      const { dedupKey, incidentId } = await opens(
        sitrep,
        sns.id,
        send('Notification', fresh('notification-alarm.json')),
        [{ dedupKey: expect.any(String), status: 'firing' }],
      );
      // SNS redelivers with the same MessageId; a new ALARM notification has a new one.
      await repeats(
        sitrep,
        sns.id,
        send('Notification', fresh('notification-alarm.json')),
        dedupKey,
        incidentId,
      );
      await resolves(
        sitrep.http,
        send('Notification', fresh('notification-ok.json')),
        dedupKey,
        incidentId,
      );

      await expectRefusedChangingNothing(
        sitrep,
        sns.id,
        () => send('Notification', fresh('notification-alarm.json', impostor.privateKey)),
        REFUSED,
        [incidentId],
      );
      // Correctly signed, but by a topic this integration was not configured with.
      await expectRefusedChangingNothing(
        sitrep,
        sns.id,
        () =>
          send(
            'Notification',
            fresh('notification-alarm.json', aws.privateKey, (e) => {
              e.TopicArn = 'arn:aws:sns:eu-west-1:999999999999:someone-else';
            }),
          ),
        REFUSED,
        [incidentId],
      );
    }, 30_000);
  });

  it('Azure Monitor (URL token): fired declares an incident, a repeat deduplicates, resolved resolves it, a wrong token changes nothing', async () => {
    const az = await createIntegration(sitrep.http, {
      source: 'azure-monitor',
      openAs: 'declared',
      autoResolve: 'resolve',
      authMode: 'vendor',
    });
    const send = (body: string, token = az.secret) =>
      sitrep.http
        .post(`${az.webhookPath}?token=${encodeURIComponent(token)}`)
        .set('Content-Type', 'application/json')
        .send(body);
    const firing = fixtureJson('azure-monitor', 'metric-alert-fired.json');

    const dedupKey: string = firing.data.essentials.alertId;
    const { incidentId } = await opens(sitrep, az.id, send(JSON.stringify(firing)), [
      { dedupKey, status: 'firing' },
    ]);
    await repeats(sitrep, az.id, send(variantOf(firing, 1)), dedupKey, incidentId);
    await resolves(
      sitrep.http,
      send(fixtureText('azure-monitor', 'metric-alert-resolved.json')),
      dedupKey,
      incidentId,
    );

    await expectRefusedChangingNothing(
      sitrep,
      az.id,
      () => send(variantOf(firing, 2), '00000000000000000000000000000000'),
      REFUSED,
      [incidentId],
    );
    // The token must not be written to the delivery record.
    const records = await Promise.all(
      (await deliveriesOf(sitrep.app, az.id)).map(
        async (r) =>
          (await sitrep.http.get(`/api/v1/deliveries/${r.id}`).set(admin).expect(200)).body,
      ),
    );
    expect(records).toHaveLength(4);
    expect(records[0].query).toEqual({ token: '[redacted]' });
    expect(JSON.stringify(records)).not.toContain(az.secret);
  }, 30_000);

  it('Google Cloud Monitoring (auth_token): open declares an incident, a repeat deduplicates, closed resolves it, a wrong token changes nothing', async () => {
    const gcp = await createIntegration(sitrep.http, {
      source: 'google-cloud-monitoring',
      openAs: 'declared',
      autoResolve: 'resolve',
      authMode: 'vendor',
    });
    const send = (body: string, token = gcp.secret) =>
      sitrep.http
        .post(`${gcp.webhookPath}?auth_token=${encodeURIComponent(token)}`)
        .set('Content-Type', 'application/json')
        .send(body);
    const open = fixtureJson('google-cloud-monitoring', 'incident-open.json');

    // "Send test notification" (version "test"): a test, taken with no alerts at all.
    await noticed(
      await send(fixtureText('google-cloud-monitoring', 'test-notification.json')),
      'test',
    );

    const dedupKey: string = open.incident.incident_id;
    const { incidentId } = await opens(sitrep, gcp.id, send(JSON.stringify(open)), [
      { dedupKey, status: 'firing' },
    ]);
    await repeats(sitrep, gcp.id, send(variantOf(open, 1)), dedupKey, incidentId);
    await resolves(
      sitrep.http,
      send(fixtureText('google-cloud-monitoring', 'incident-closed.json')),
      dedupKey,
      incidentId,
    );

    await expectRefusedChangingNothing(
      sitrep,
      gcp.id,
      () => send(variantOf(open, 2), 'wrong-token'),
      REFUSED,
      [incidentId],
    );
    await expectRefusedChangingNothing(
      sitrep,
      gcp.id,
      () =>
        sitrep.http
          .post(gcp.webhookPath)
          .set('Content-Type', 'application/json')
          .send(variantOf(open, 3)),
      REFUSED,
      [incidentId],
    );
  }, 30_000);

  it('Uptime Kuma (basic auth): down declares an incident, a repeat deduplicates, up resolves it, a wrong password changes nothing', async () => {
    const kuma = await createIntegration(sitrep.http, {
      source: 'uptime-kuma',
      openAs: 'declared',
      autoResolve: 'resolve',
      authMode: 'basic',
    });
    const send = (body: string, password = kuma.secret) =>
      sitrep.http
        .post(kuma.webhookPath)
        .auth('uptime-kuma', password)
        .set('Content-Type', 'application/json')
        .send(body);
    const down = fixtureJson('uptime-kuma', 'monitor-down.json');

    const dedupKey = 'monitor-14';
    const { incidentId, declared } = await opens(sitrep, kuma.id, send(JSON.stringify(down)), [
      { dedupKey, status: 'firing' },
    ]);
    expect(declared[0].data).toMatchObject({ services: ['Customer portal'] });
    await repeats(sitrep, kuma.id, send(variantOf(down, 1)), dedupKey, incidentId);
    await resolves(
      sitrep.http,
      send(fixtureText('uptime-kuma', 'monitor-up.json')),
      dedupKey,
      incidentId,
    );

    const refused = await expectRefusedChangingNothing(
      sitrep,
      kuma.id,
      () => send(variantOf(down, 2), 'whk_wrong'),
      REFUSED,
      [incidentId],
    );
    expect(refused.headers['www-authenticate']).toMatch(/^Basic/);

    // The "Test" button carries no monitor: a notice, nothing ingested.
    const before = await footprintOf(sitrep.app, kuma.id);
    await noticed(await send(JSON.stringify({ msg: 'Uptime Kuma test notification' })), 'notice');
    expect(await footprintOf(sitrep.app, kuma.id)).toEqual(before);
  }, 30_000);

  it('generic JSON (its own mapping): a problem declares an incident, a repeat deduplicates, the recovery resolves it, a wrong token changes nothing', async () => {
    const generic = await createIntegration(sitrep.http, {
      source: 'generic-json',
      openAs: 'declared',
      autoResolve: 'resolve',
      mapping: fixtureJson('generic-json', 'mapping.json'),
    });
    const send = (body: string, token = generic.secret) =>
      sitrep.http
        .post(generic.webhookPath)
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'application/json')
        .send(body);
    const problem = fixtureJson('generic-json', 'problem.json');

    const { dedupKey, incidentId, declared } = await opens(
      sitrep,
      generic.id,
      send(JSON.stringify(problem)),
      [{ dedupKey: expect.stringContaining('db-ledger-03'), status: 'firing' }],
    );
    expect(dedupKey).toContain('db-ledger-03');
    expect(declared[0].data).toMatchObject({
      title: problem.events[0].title,
      severity: 'SEV2',
      services: ['ledger'],
    });

    await repeats(sitrep, generic.id, send(variantOf(problem, 1)), dedupKey, incidentId);
    await resolves(
      sitrep.http,
      send(fixtureText('generic-json', 'recovery.json')),
      dedupKey,
      incidentId,
    );

    await expectRefusedChangingNothing(
      sitrep,
      generic.id,
      () => send(variantOf(problem, 2), 'whk_wrong'),
      REFUSED,
      [incidentId],
    );
  }, 30_000);
});
