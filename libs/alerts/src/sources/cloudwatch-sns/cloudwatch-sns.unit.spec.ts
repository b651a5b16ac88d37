import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WebhookDelivery } from '../../alert-source';
import { cloudWatchSeverity } from './cloudwatch-sns.mapper';
import { createCloudWatchSnsSource } from './cloudwatch-sns.source';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));
const certificate = fixture('test-signing-cert.pem').toString('utf8');
const TOPIC = 'arn:aws:sns:eu-west-1:210987654321:sitrep-prod-alarms';
const ALARM_ARN = 'arn:aws:cloudwatch:eu-west-1:210987654321:alarm:checkout-api-5xx-rate';

const fetched: URL[] = [];
const source = createCloudWatchSnsSource({
  fetchSigningCertificate: async (url) => {
    fetched.push(url);
    return certificate;
  },
});

function delivery(
  body: Buffer | string,
  receivedAt: string,
  type = 'Notification',
): WebhookDelivery {
  return {
    rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body),
    headers: { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': type },
    query: {},
    receivedAt: new Date(receivedAt),
  };
}
const alarmDelivery = () => delivery(fixture('notification-alarm.json'), '2026-11-27T04:42:15Z');
const okDelivery = () => delivery(fixture('notification-ok.json'), '2026-11-27T05:12:16Z');
const credentials = { vendorKey: TOPIC };

function mapped(d: WebhookDelivery) {
  const parsed = source.parse(d);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return source.map(parsed.payload, d, credentials);
}

describe('CloudWatch alarms through SNS', () => {
  describe('when an alarm goes into ALARM', () => {
    it('fires one alert keyed by the alarm ARN, starting at the state change', () => {
      const outcome = mapped(alarmDelivery());
      expect(outcome.kind).toBe('alerts');
      if (outcome.kind !== 'alerts') return;
      expect(outcome.alerts).toHaveLength(1);
      expect(outcome.alerts[0]).toMatchObject({
        source: 'cloudwatch-sns',
        dedupKey: ALARM_ARN,
        status: 'firing',
        severity: 'SEV2',
        summary: 'checkout-api-5xx-rate',
        service: 'AWS/ApplicationELB',
        startedAt: '2026-11-27T04:42:14.633Z',
        labels: {
          awsAccountId: '210987654321',
          region: 'eu-west-1',
          oldState: 'OK',
          newState: 'ALARM',
          metricName: 'HTTPCode_Target_5XX_Count',
          'dimension.LoadBalancer': 'app/checkout-prod/5d2f0c7e9b1a4c3d',
        },
      });
      expect(outcome.alerts[0].description).toContain('Threshold Crossed');
      expect(outcome.alerts[0].endedAt).toBeUndefined();
      expect(outcome.alerts[0].links[0].href).toBe(
        'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/checkout-api-5xx-rate',
      );
      expect((outcome.alerts[0].raw as { Type: string }).Type).toBe('Notification');
    });
  });

  describe('when the alarm returns to OK', () => {
    it('resolves the same dedup key, ending at the state change', () => {
      const outcome = mapped(okDelivery());
      if (outcome.kind !== 'alerts') throw new Error('expected alerts');
      expect(outcome.alerts[0]).toMatchObject({
        dedupKey: ALARM_ARN,
        status: 'resolved',
        endedAt: '2026-11-27T05:12:14.633Z',
        startedAt: '2026-11-27T05:12:14.633Z',
      });
    });
  });

  describe('when the alarm has no ARN', () => {
    it('is keyed by account, region and alarm name', () => {
      const body = JSON.parse(fixture('notification-alarm.json').toString('utf8'));
      const message = JSON.parse(body.Message);
      delete message.AlarmArn;
      body.Message = JSON.stringify(message);
      const outcome = mapped(delivery(JSON.stringify(body), '2026-11-27T04:42:15Z'));
      if (outcome.kind !== 'alerts') throw new Error('expected alerts');
      expect(outcome.alerts[0].dedupKey).toBe('210987654321:eu-west-1:checkout-api-5xx-rate');
    });
  });

  it('INSUFFICIENT_DATA maps to no alert', () => {
    const body = JSON.parse(fixture('notification-alarm.json').toString('utf8'));
    body.Message = body.Message.replace(
      '"NewStateValue":"ALARM"',
      '"NewStateValue":"INSUFFICIENT_DATA"',
    );
    expect(mapped(delivery(JSON.stringify(body), '2026-11-27T04:42:15Z'))).toEqual({
      kind: 'alerts',
      alerts: [],
    });
  });

  it.each([
    ['SEV1 db primary down', 'any', 'SEV1'],
    ['P2: queue backlog', 'any', 'SEV2'],
    [null, 'disk-warning-80pct', 'SEV3'],
    ['low priority: cache hit ratio', 'any', 'SEV4'],
    ['no hint here', 'latency-p99', 'SEV3'],
  ])('severity from description %p and name %p is %s', (description, name, severity) => {
    expect(cloudWatchSeverity({ AlarmDescription: description, AlarmName: name })).toBe(severity);
  });

  describe('when SNS asks to confirm the subscription', () => {
    it('surfaces the SubscribeURL as a handshake, without fetching it', () => {
      const d = delivery(
        fixture('subscription-confirmation.json'),
        '2026-11-27T04:33:15Z',
        'SubscriptionConfirmation',
      );
      const outcome = mapped(d);
      expect(outcome).toMatchObject({ kind: 'handshake', action: 'confirm-subscription' });
      if (outcome.kind !== 'handshake') return;
      expect(outcome.detail['topicArn']).toBe(TOPIC);
      expect(outcome.detail['subscribeUrl']).toMatch(
        /^https:\/\/sns\.eu-west-1\.amazonaws\.com\/\?Action=ConfirmSubscription&/,
      );
    });

    it('refuses a SubscribeURL outside AWS', () => {
      const body = JSON.parse(fixture('subscription-confirmation.json').toString('utf8'));
      body.SubscribeURL = 'https://169.254.169.254/latest/meta-data/';
      const parsed = source.parse(
        delivery(JSON.stringify(body), '2026-11-27T04:33:15Z', 'SubscriptionConfirmation'),
      );
      expect(parsed).toMatchObject({ ok: false, status: 422 });
    });
  });

  describe('reading the delivery', () => {
    it('rejects a body that is not JSON with 400', () => {
      expect(source.parse(delivery('not json', '2026-11-27T04:42:15Z'))).toMatchObject({
        ok: false,
        status: 400,
      });
    });

    it('rejects a Message that is not an alarm with 422 naming the field', () => {
      const body = JSON.parse(fixture('notification-alarm.json').toString('utf8'));
      body.Message = JSON.stringify({ hello: 'world' });
      const parsed = source.parse(delivery(JSON.stringify(body), '2026-11-27T04:42:15Z'));
      expect(parsed.ok).toBe(false);
      if (parsed.ok) return;
      expect(parsed.problems.join('\n')).toContain('Message.AlarmName');
    });

    it('rejects a Message nested deeper than 64 levels with 422 naming the limit', () => {
      const body = JSON.parse(fixture('notification-alarm.json').toString('utf8'));
      body.Message = `{"Trigger":${'['.repeat(5_000)}${']'.repeat(5_000)}}`;
      expect(source.parse(delivery(JSON.stringify(body), '2026-11-27T04:42:15Z'))).toEqual({
        ok: false,
        status: 422,
        problems: ['Message nests objects and arrays deeper than 64 levels'],
      });
    });
  });

  describe('authentication', () => {
    it('accepts the signed ALARM (v2, SHA256) and OK (v1, SHA1) deliveries', async () => {
      await expect(source.authenticate(alarmDelivery(), credentials)).resolves.toEqual({
        ok: true,
        method: 'sns-signature-v2',
      });
      await expect(source.authenticate(okDelivery(), credentials)).resolves.toEqual({
        ok: true,
        method: 'sns-signature-v1',
      });
      expect(fetched.at(-1)?.hostname).toBe('sns.eu-west-1.amazonaws.com');
    });

    it('accepts the signed subscription confirmation', async () => {
      const d = delivery(
        fixture('subscription-confirmation.json'),
        '2026-11-27T04:33:15Z',
        'SubscriptionConfirmation',
      );
      await expect(source.authenticate(d, credentials)).resolves.toMatchObject({ ok: true });
    });

    it('rejects a tampered message', async () => {
      const tampered = fixture('notification-ok.json')
        .toString('utf8')
        .replace('\\"OK\\"', '\\"ALARM\\"');
      const result = await source.authenticate(
        delivery(tampered, '2026-11-27T05:12:16Z'),
        credentials,
      );
      expect(result).toEqual({ ok: false, reason: 'SNS signature does not match' });
    });

    it('rejects a message older than an hour (a replay)', async () => {
      const late = delivery(fixture('notification-alarm.json'), '2026-11-27T05:42:15Z');
      await expect(source.authenticate(late, credentials)).resolves.toMatchObject({
        ok: false,
        reason: expect.stringContaining('expired'),
      });
    });

    it('rejects a signature made with an expired certificate', async () => {
      const lenient = createCloudWatchSnsSource({
        fetchSigningCertificate: async () => certificate,
        maxMessageAgeMs: 7 * 24 * 3600 * 1000,
      });
      const afterExpiry = delivery(fixture('notification-alarm.json'), '2026-11-30T00:00:00Z');
      await expect(lenient.authenticate(afterExpiry, credentials)).resolves.toEqual({
        ok: false,
        reason: 'signing certificate expired or not yet valid',
      });
    });

    it('rejects a topic the integration did not name, and an integration with no topic', async () => {
      await expect(
        source.authenticate(alarmDelivery(), { vendorKey: 'arn:aws:sns:eu-west-1:1:other' }),
      ).resolves.toMatchObject({ ok: false });
      await expect(source.authenticate(alarmDelivery(), {})).resolves.toEqual({
        ok: false,
        reason: 'no SNS topic ARN configured for this integration',
      });
    });

    it.each([
      'http://sns.eu-west-1.amazonaws.com/cert.pem',
      'https://sns.eu-west-1.amazonaws.com.evil.example/cert.pem',
      'https://evil.example/sns.eu-west-1.amazonaws.com/cert.pem',
      'https://s3.amazonaws.com/cert.pem',
    ])('never fetches a certificate from %s', async (url) => {
      const body = JSON.parse(fixture('notification-alarm.json').toString('utf8'));
      body.SigningCertURL = url;
      const before = fetched.length;
      const result = await source.authenticate(
        delivery(JSON.stringify(body), '2026-11-27T04:42:15Z'),
        credentials,
      );
      expect(result.ok).toBe(false);
      expect(fetched.length).toBe(before);
    });
  });
});
