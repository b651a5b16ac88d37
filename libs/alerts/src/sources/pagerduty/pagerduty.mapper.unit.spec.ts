import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WebhookDelivery } from '../../alert-source';
import type { NormalizedAlert } from '../../normalized-alert';
import { pagerDutyInvalidEventReply, pagerDutySource } from './pagerduty.source';

const receivedAt = new Date('2025-03-14T10:00:00.000Z');
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));
const body = (value: unknown) => Buffer.from(JSON.stringify(value));
const delivery = (rawBody: Buffer): WebhookDelivery => ({
  rawBody,
  headers: {},
  query: {},
  receivedAt,
});
const AM_DEDUP_KEY = '3c9a1f0e7b5d42e8a6c4b2d0f9e7c5a3b1d9f7e5c3a1b9d7f5e3c1a9b7d5f3e1';

function accept(rawBody: Buffer): { alerts: NormalizedAlert[]; reply: unknown } {
  const parsed = pagerDutySource.parse(delivery(rawBody));
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const outcome = pagerDutySource.map(parsed.payload, delivery(rawBody), {});
  if (outcome.kind !== 'alerts') throw new Error('expected alerts');
  return { alerts: outcome.alerts, reply: pagerDutySource.reply?.(parsed.payload, outcome) };
}

describe('PagerDuty Events API v2', () => {
  describe('when Alertmanager triggers through its PagerDuty receiver', () => {
    const { alerts, reply } = accept(fixture('trigger.json'));
    const [alert] = alerts;

    it('one firing alert is keyed by the dedup_key', () => {
      expect(alerts).toHaveLength(1);
      expect(alert).toMatchObject({ dedupKey: AM_DEDUP_KEY, status: 'firing' });
    });

    it('critical is SEV1', () => {
      expect(alert.severity).toBe('SEV1');
    });

    it('the PD-CEF fields become summary, labels, service, start time and links', () => {
      expect(alert).toMatchObject({
        source: 'pagerduty',
        summary: '[FIRING:1] CheckoutHighErrorRate checkout-api prod-eu-west-1 (critical)',
        service: 'payments',
        labels: {
          source: 'prometheus-prod-eu-west-1',
          component: 'checkout-api',
          group: 'payments',
          class: 'CheckoutHighErrorRate',
          client: 'Alertmanager',
        },
        startedAt: '2025-03-14T09:21:07.482Z',
        links: [
          {
            href: 'https://runbooks.example.com/payments/checkout-high-error-rate',
            text: 'Runbook',
          },
          { href: expect.stringContaining('alertmanager.example.com'), text: 'Alertmanager' },
        ],
      });
      expect(alert.description).toContain('num_firing: 1');
    });

    it('is answered as PagerDuty answers: 202 with the dedup key', () => {
      expect(reply).toEqual({
        status: 202,
        body: { status: 'success', message: 'Event processed', dedup_key: AM_DEDUP_KEY },
      });
    });
  });

  describe('when the trigger has no dedup_key', () => {
    const first = accept(fixture('trigger-without-dedup-key.json'));

    it('a key is generated, and the reply returns it so the sender can resolve later', () => {
      const [alert] = first.alerts;
      expect(alert.dedupKey).toMatch(/^[0-9a-f]{32}$/);
      expect(first.reply).toMatchObject({ body: { dedup_key: alert.dedupKey } });
    });

    it('a retry of the same delivery gets the same key', () => {
      const retry = accept(fixture('trigger-without-dedup-key.json'));
      expect(retry.alerts[0].dedupKey).toBe(first.alerts[0].dedupKey);
    });

    it('another trigger gets another key', () => {
      const json = JSON.parse(fixture('trigger-without-dedup-key.json').toString('utf8'));
      json.payload.summary = 'Nightly ledger reconciliation failed: 3 unmatched entries';
      expect(accept(body(json)).alerts[0].dedupKey).not.toBe(first.alerts[0].dedupKey);
    });

    it('a null dedup_key is treated as absent', () => {
      const json = JSON.parse(fixture('trigger-without-dedup-key.json').toString('utf8'));
      const [alert] = accept(body({ ...json, dedup_key: null })).alerts;
      expect(alert.dedupKey).toMatch(/^[0-9a-f]{32}$/);
    });

    it('error is SEV2 and the group is the service', () => {
      expect(first.alerts[0]).toMatchObject({ severity: 'SEV2', service: 'ledger' });
    });
  });

  describe('when the sender acknowledges', () => {
    const { alerts, reply } = accept(fixture('acknowledge.json'));

    it('no alert is produced, and the answer is still 202 with the dedup key', () => {
      expect(alerts).toEqual([]);
      expect(reply).toMatchObject({ status: 202, body: { dedup_key: AM_DEDUP_KEY } });
    });
  });

  describe('when the sender resolves', () => {
    it('the alert resolves under the same dedup key, with the time the sender gave', () => {
      const [alert] = accept(fixture('resolve.json')).alerts;
      expect(alert).toMatchObject({
        dedupKey: AM_DEDUP_KEY,
        status: 'resolved',
        endedAt: '2025-03-14T09:48:52.019Z',
      });
    });

    it('a bare resolve (no payload) resolves too', () => {
      const { routing_key, dedup_key } = JSON.parse(fixture('resolve.json').toString('utf8'));
      const [alert] = accept(body({ routing_key, dedup_key, event_action: 'resolve' })).alerts;
      expect(alert).toMatchObject({ dedupKey: AM_DEDUP_KEY, status: 'resolved', severity: 'SEV3' });
      expect(alert.endedAt).toBeUndefined();
    });
  });

  describe('severity', () => {
    it.each([
      ['critical', 'SEV1'],
      ['error', 'SEV2'],
      ['warning', 'SEV3'],
      ['info', 'SEV4'],
    ])('%s is %s', (severity, expected) => {
      const json = JSON.parse(fixture('trigger.json').toString('utf8'));
      json.payload.severity = severity;
      expect(accept(body(json)).alerts[0].severity).toBe(expected);
    });
  });

  describe('when the event is invalid', () => {
    const problemsOf = (value: unknown) => {
      const parsed = pagerDutySource.parse(delivery(body(value)));
      if (parsed.ok) throw new Error('expected the event to be refused');
      expect(parsed.status).toBe(400);
      return parsed.problems.join('; ');
    };

    it('a trigger without payload is a 400 naming it', () => {
      expect(problemsOf({ routing_key: 'k', event_action: 'trigger' })).toContain('payload');
    });

    it('a severity PagerDuty does not know is a 400', () => {
      const json = JSON.parse(fixture('trigger.json').toString('utf8'));
      json.payload.severity = 'high';
      expect(problemsOf(json)).toContain('payload.severity must be one of');
    });

    it('a resolve without dedup_key is a 400', () => {
      expect(problemsOf({ routing_key: 'k', event_action: 'resolve' })).toContain('dedup_key');
    });

    it('an unknown event_action is a 400', () => {
      expect(problemsOf({ routing_key: 'k', event_action: 'snooze', dedup_key: 'x' })).toContain(
        'event_action',
      );
    });

    it('a dedup_key over 255 characters is a 400', () => {
      const json = JSON.parse(fixture('trigger.json').toString('utf8'));
      json.dedup_key = 'k'.repeat(256);
      expect(problemsOf(json)).toContain('dedup_key');
    });

    it("PagerDuty's error body can be built from the problems", () => {
      expect(pagerDutyInvalidEventReply(['event_action is invalid'])).toEqual({
        status: 400,
        body: {
          status: 'invalid event',
          message: 'Event object is invalid',
          errors: ['event_action is invalid'],
        },
      });
    });
  });
});
