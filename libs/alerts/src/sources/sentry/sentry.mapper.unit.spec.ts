import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WebhookDelivery } from '../../alert-source';
import type { NormalizedAlert } from '../../normalized-alert';
import { sentrySource } from './sentry.source';

const receivedAt = new Date('2025-03-14T10:00:00.000Z');
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));
const delivery = (resource: string, rawBody: Buffer): WebhookDelivery => ({
  rawBody,
  headers: { 'sentry-hook-resource': resource },
  query: {},
  receivedAt,
});

function alertsOf(resource: string, rawBody: Buffer): NormalizedAlert[] {
  const parsed = sentrySource.parse(delivery(resource, rawBody));
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const outcome = sentrySource.map(parsed.payload, delivery(resource, rawBody), {});
  if (outcome.kind !== 'alerts') throw new Error('expected alerts');
  return outcome.alerts;
}
const withAction = (name: string, action: string) => {
  const json = JSON.parse(fixture(name).toString('utf8'));
  return Buffer.from(JSON.stringify({ ...json, action }));
};

describe('Sentry integration-platform webhooks', () => {
  describe('when an issue alert rule fires (event_alert)', () => {
    const [alert] = alertsOf('event_alert', fixture('issue-alert-triggered.json'));

    it('it fires under the issue id', () => {
      expect(alert).toMatchObject({ dedupKey: 'issue:4512873390', status: 'firing' });
    });

    it('an error-level event is SEV3', () => {
      expect(alert.severity).toBe('SEV3');
    });

    it('the event gives summary, rule, project, tags, time and link', () => {
      expect(alert).toMatchObject({
        source: 'sentry',
        summary: 'PaymentGatewayTimeout: charge request to acquirer timed out after 30s',
        description:
          'Alert rule: Checkout: unhandled errors in production\nCulprit: app.payments.gateway in charge',
        service: 'checkout-api',
        labels: expect.objectContaining({
          environment: 'production',
          release: 'checkout-api@2025.03.14-1',
          'sentry.rule': 'Checkout: unhandled errors in production',
        }),
        startedAt: '2025-03-14T09:20:41.118Z',
        links: [
          { href: expect.stringContaining('/issues/4512873390/events/'), text: 'Sentry event' },
        ],
      });
    });
  });

  describe('when the issue is resolved in Sentry (issue webhook)', () => {
    const [alert] = alertsOf('issue', fixture('issue-resolved.json'));

    it('the alert the issue alert opened resolves, under the same issue id', () => {
      expect(alert).toMatchObject({
        dedupKey: 'issue:4512873390',
        status: 'resolved',
        service: 'checkout-api',
        links: [{ href: 'https://acme.sentry.io/issues/4512873390/', text: 'Sentry issue' }],
      });
    });

    it('archiving the issue resolves it too', () => {
      const [archived] = alertsOf('issue', withAction('issue-resolved.json', 'archived'));
      expect(archived.status).toBe('resolved');
    });

    it.each(['created', 'unresolved', 'assigned'])(
      'an issue %s carries no alert: alert rules decide what fires',
      (action) => {
        expect(alertsOf('issue', withAction('issue-resolved.json', action))).toEqual([]);
      },
    );
  });

  describe('when a metric alert turns critical, then resolves', () => {
    const [critical] = alertsOf('metric_alert', fixture('metric-alert-critical.json'));
    const [resolved] = alertsOf('metric_alert', fixture('metric-alert-resolved.json'));

    it('both carry the alert rule id as the dedup key', () => {
      expect([critical.dedupKey, resolved.dedupKey]).toEqual([
        'metric-alert:95531',
        'metric-alert:95531',
      ]);
      expect([critical.status, resolved.status]).toEqual(['firing', 'resolved']);
    });

    it('critical is SEV1', () => {
      expect(critical.severity).toBe('SEV1');
    });

    it('the rule names the alert, the description text explains it', () => {
      expect(critical).toMatchObject({
        summary: 'Checkout failure rate',
        description: expect.stringContaining('12.4% failure rate'),
        service: 'checkout-api',
        labels: expect.objectContaining({ 'sentry.environment': 'production' }),
        startedAt: '2025-03-14T09:19:00.000Z',
        links: [
          { href: expect.stringContaining('/alerts/rules/details/95531/'), text: 'Sentry alert' },
        ],
      });
      expect(critical.endedAt).toBeUndefined();
    });

    it('the resolution carries when Sentry closed it', () => {
      expect(resolved.endedAt).toBe('2025-03-14T09:47:00.000Z');
    });

    it('warning is SEV3', () => {
      const [warning] = alertsOf(
        'metric_alert',
        withAction('metric-alert-critical.json', 'warning'),
      );
      expect(warning).toMatchObject({ status: 'firing', severity: 'SEV3' });
    });
  });

  describe('event levels', () => {
    it.each([
      ['fatal', 'SEV2'],
      ['error', 'SEV3'],
      ['warning', 'SEV4'],
      ['info', 'SEV4'],
      ['debug', 'SEV4'],
    ])('an issue alert on a %s event is %s', (level, severity) => {
      const json = JSON.parse(fixture('issue-alert-triggered.json').toString('utf8'));
      json.data.event.level = level;
      const [alert] = alertsOf('event_alert', Buffer.from(JSON.stringify(json)));
      expect(alert.severity).toBe(severity);
    });
  });

  describe('when the delivery is not an alert', () => {
    it('an installation webhook is accepted and carries no alert', () => {
      const body = Buffer.from('{"action":"created","data":{"installation":{"uuid":"x"}}}');
      expect(alertsOf('installation', body)).toEqual([]);
    });

    it('without Sentry-Hook-Resource it is a 400', () => {
      const parsed = sentrySource.parse({ ...delivery('x', Buffer.from('{}')), headers: {} });
      expect(parsed).toMatchObject({ ok: false, status: 400 });
    });

    it('an event alert without its event is a 422', () => {
      const parsed = sentrySource.parse(
        delivery('event_alert', Buffer.from('{"action":"triggered","data":{}}')),
      );
      expect(parsed).toMatchObject({ ok: false, status: 422 });
      expect(!parsed.ok && parsed.problems.join()).toContain('data.event');
    });
  });
});
