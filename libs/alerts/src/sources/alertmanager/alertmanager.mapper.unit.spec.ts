import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WebhookDelivery } from '../../alert-source';
import type { NormalizedAlert } from '../../normalized-alert';
import { severityFromLabel } from './label-severity';
import { alertmanagerSource } from './alertmanager.source';

const receivedAt = new Date('2025-03-14T09:50:00.000Z');
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));
const delivery = (rawBody: Buffer): WebhookDelivery => ({
  rawBody,
  headers: { 'content-type': 'application/json' },
  query: {},
  receivedAt,
});

function alertsOf(rawBody: Buffer, serviceFrom?: string[]): NormalizedAlert[] {
  const parsed = alertmanagerSource.parse(delivery(rawBody));
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const outcome = alertmanagerSource.map(parsed.payload, delivery(rawBody), { serviceFrom });
  if (outcome.kind !== 'alerts') throw new Error('expected alerts');
  return outcome.alerts;
}

const withJson = (name: string, change: (json: Record<string, unknown>) => void) => {
  const json = JSON.parse(fixture(name).toString('utf8')) as Record<string, unknown>;
  change(json);
  return Buffer.from(JSON.stringify(json));
};

describe('Alertmanager webhook (payload version 4)', () => {
  describe('when a group fires with two alerts', () => {
    const [errors, latency] = alertsOf(fixture('firing.json'));

    it('each alert becomes its own normalized alert, keyed by its fingerprint', () => {
      expect([errors.dedupKey, latency.dedupKey]).toEqual(['7f3c1a9d02be44e1', 'b91e0047c6d3a2f8']);
      expect([errors.status, latency.status]).toEqual(['firing', 'firing']);
    });

    it('the severity label decides the severity', () => {
      expect([errors.severity, latency.severity]).toEqual(['SEV1', 'SEV3']);
    });

    it('summary, description, service, labels and links come from the alert', () => {
      expect(errors).toMatchObject({
        source: 'alertmanager',
        summary: 'Checkout API 5xx ratio above 5% for 5 minutes',
        description: 'checkout-api in prod-eu-west-1 is answering 7.3% of requests with 5xx.',
        service: 'checkout-api',
        labels: expect.objectContaining({ alertname: 'CheckoutHighErrorRate', team: 'payments' }),
        links: [
          { href: expect.stringContaining('https://prometheus.example.com/graph'), text: 'Source' },
          {
            href: 'https://runbooks.example.com/payments/checkout-high-error-rate',
            text: 'Runbook',
          },
        ],
      });
    });

    it('startsAt is kept (to the millisecond) and a firing alert has no end', () => {
      expect(errors.startedAt).toBe('2025-03-14T09:21:07.482Z');
      expect(errors.endedAt).toBeUndefined();
    });

    it('raw is the JSON of that one alert, vendor fields included', () => {
      const json = JSON.parse(fixture('firing.json').toString('utf8'));
      expect(errors.raw).toEqual(json.alerts[0]);
      expect(latency.raw).toEqual(json.alerts[1]);
    });
  });

  describe('when one alert of the group resolves and another still fires', () => {
    const [errors, latency] = alertsOf(fixture('resolved.json'));

    it('the resolved alert resolves under the same dedup key, with its end time', () => {
      expect(errors).toMatchObject({
        dedupKey: '7f3c1a9d02be44e1',
        status: 'resolved',
        severity: 'SEV1',
        endedAt: '2025-03-14T09:48:52.019Z',
      });
    });

    it('the alert still firing stays firing, and its projected endsAt is not an end', () => {
      expect(latency).toMatchObject({ dedupKey: 'b91e0047c6d3a2f8', status: 'firing' });
      expect(latency.endedAt).toBeUndefined();
    });
  });

  describe('when an alert has no fingerprint (an older Alertmanager)', () => {
    const withoutFingerprint = (labels?: Record<string, string>) =>
      withJson('firing.json', (json) => {
        const [alert] = json.alerts as Record<string, unknown>[];
        delete alert.fingerprint;
        if (labels) alert.labels = labels;
      });

    it('the dedup key is a hash of its labels, whatever their order', () => {
      const [first] = alertsOf(withoutFingerprint({ alertname: 'A', job: 'api' }));
      const [second] = alertsOf(withoutFingerprint({ job: 'api', alertname: 'A' }));
      expect(first.dedupKey).toMatch(/^labels:[0-9a-f]{32}$/);
      expect(second.dedupKey).toBe(first.dedupKey);
    });

    it('different labels give different keys', () => {
      const [first] = alertsOf(withoutFingerprint({ alertname: 'A', job: 'api' }));
      const [second] = alertsOf(withoutFingerprint({ alertname: 'A', job: 'web' }));
      expect(second.dedupKey).not.toBe(first.dedupKey);
    });
  });

  describe('the service', () => {
    const crashLooping = () => fixture('kube-state-metrics-firing.json');

    it('is by default the first of service, app and job: the exporter, for kube-state-metrics', () => {
      expect(alertsOf(crashLooping())[0].service).toBe('kube-state-metrics');
    });

    it('comes from the labels the integration names, in order', () => {
      const [alert] = alertsOf(crashLooping(), ['service', 'app', 'container', 'job']);
      expect(alert.service).toBe('checkout-api');
    });

    it('skips a named label that is blank', () => {
      const blank = withJson('kube-state-metrics-firing.json', (json) => {
        const [alert] = json.alerts as { labels: Record<string, string> }[];
        alert.labels.app = '  ';
      });
      expect(alertsOf(blank, ['app', 'namespace'])[0].service).toBe('payments');
    });

    it('is left out when no named label has a value', () => {
      expect(alertsOf(crashLooping(), ['app'])[0].service).toBeUndefined();
    });
  });

  describe('the severity label', () => {
    it.each([
      ['critical', 'SEV1'],
      ['Critical', 'SEV1'],
      ['page', 'SEV1'],
      ['SEV1', 'SEV1'],
      ['error', 'SEV2'],
      ['high', 'SEV2'],
      ['warning', 'SEV3'],
      ['warn', 'SEV3'],
      ['info', 'SEV4'],
      ['none', 'SEV4'],
      ['low', 'SEV4'],
      ['something-else', 'SEV3'],
      [undefined, 'SEV3'],
    ])('%s maps to %s', (label, severity) => {
      expect(severityFromLabel(label)).toBe(severity);
    });
  });

  describe('when the message is not what Alertmanager sends', () => {
    it('a body that is not JSON is a 400', () => {
      expect(alertmanagerSource.parse(delivery(Buffer.from('{"version":')))).toEqual({
        ok: false,
        status: 400,
        problems: ['the body is not valid JSON'],
      });
    });

    it('another payload version is a 422 that names the version', () => {
      const parsed = alertmanagerSource.parse(
        delivery(withJson('firing.json', (json) => (json.version = '3'))),
      );
      expect(parsed).toMatchObject({ ok: false, status: 422 });
      expect(!parsed.ok && parsed.problems.join()).toContain('version must be "4"');
    });

    it('an alert with an unknown status is a 422 that points at the alert', () => {
      const parsed = alertmanagerSource.parse(
        delivery(
          withJson('firing.json', (json) => {
            (json.alerts as Record<string, unknown>[])[1].status = 'pending';
          }),
        ),
      );
      expect(parsed).toMatchObject({ ok: false, status: 422 });
      expect(!parsed.ok && parsed.problems.join()).toContain('alerts.1.status must be one of');
    });

    it('labels that are not all strings are a 422', () => {
      const parsed = alertmanagerSource.parse(
        delivery(
          withJson('firing.json', (json) => {
            (json.alerts as Record<string, unknown>[])[0].labels = { severity: 1 };
          }),
        ),
      );
      expect(parsed).toMatchObject({ ok: false, status: 422 });
    });

    it('fields Alertmanager adds later are accepted', () => {
      const parsed = alertmanagerSource.parse(
        delivery(withJson('firing.json', (json) => (json.newField = { any: 'thing' }))),
      );
      expect(parsed.ok).toBe(true);
    });
  });

  it('has no signature of its own: bearer or basic auth is left to the webhook layer', () => {
    expect(alertmanagerSource.authenticate(delivery(fixture('firing.json')), {})).toEqual({
      ok: 'not-applicable',
    });
  });
});
