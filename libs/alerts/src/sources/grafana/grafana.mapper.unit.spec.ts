import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WebhookDelivery } from '../../alert-source';
import type { NormalizedAlert } from '../../normalized-alert';
import { grafanaSource } from './grafana.source';

const receivedAt = new Date('2025-06-02T12:40:00.000Z');
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));
const delivery = (rawBody: Buffer): WebhookDelivery => ({
  rawBody,
  headers: {},
  query: {},
  receivedAt,
});

function alertsOf(rawBody: Buffer): NormalizedAlert[] {
  const parsed = grafanaSource.parse(delivery(rawBody));
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const outcome = grafanaSource.map(parsed.payload, delivery(rawBody), {});
  if (outcome.kind !== 'alerts') throw new Error('expected alerts');
  return outcome.alerts;
}

describe('Grafana Alerting webhook contact point', () => {
  describe('when a notification carries two firing alerts', () => {
    const [lag, disk] = alertsOf(fixture('firing.json'));

    it('each alert is keyed by its Grafana fingerprint', () => {
      expect([lag.dedupKey, disk.dedupKey]).toEqual(['4a1e2c3f9b0d7e61', 'd02f96ab5c4e1170']);
      expect([lag.status, disk.status]).toEqual(['firing', 'firing']);
    });

    it('severity follows the severity label, and no label means SEV3', () => {
      expect([lag.severity, disk.severity]).toEqual(['SEV2', 'SEV3']);
    });

    it('the alert carries its text, service, labels and start time in UTC', () => {
      expect(lag).toMatchObject({
        source: 'grafana',
        summary: 'Replica pg-replica-2 is 94s behind the primary',
        description:
          'Replication lag has been above 60s for 5 minutes; reads from this replica are stale.',
        service: 'orders-db',
        labels: expect.objectContaining({ alertname: 'Postgres replication lag' }),
        startedAt: '2025-06-02T12:05:00.000Z',
      });
      expect(lag.endedAt).toBeUndefined();
    });

    it("Grafana's rule, runbook, dashboard, panel and silence links are kept; empty ones are not", () => {
      expect(lag.links.map((link) => link.text)).toEqual([
        'Source',
        'Runbook',
        'Dashboard',
        'Panel',
        'Silence',
      ]);
      expect(disk.links.map((link) => link.text)).toEqual(['Source', 'Silence']);
    });

    it('raw is that alert as Grafana sent it, values included', () => {
      expect(disk.raw).toMatchObject({ fingerprint: 'd02f96ab5c4e1170', values: { B: 91.3 } });
    });
  });

  describe('when the alert resolves', () => {
    const [lag] = alertsOf(fixture('resolved.json'));

    it('it resolves under the same fingerprint with its end time', () => {
      expect(lag).toMatchObject({
        dedupKey: '4a1e2c3f9b0d7e61',
        status: 'resolved',
        severity: 'SEV2',
        endedAt: '2025-06-02T12:31:00.000Z',
      });
    });
  });

  describe('when an alert comes without a fingerprint', () => {
    it('the dedup key is a hash of its labels', () => {
      const json = JSON.parse(fixture('firing.json').toString('utf8'));
      delete json.alerts[0].fingerprint;
      const [lag] = alertsOf(Buffer.from(JSON.stringify(json)));
      expect(lag.dedupKey).toMatch(/^labels:[0-9a-f]{32}$/);
    });
  });

  describe('when the body is not a Grafana notification', () => {
    it('a custom payload template without alerts is a 422', () => {
      const parsed = grafanaSource.parse(delivery(Buffer.from('{"text":"CPU high"}')));
      expect(parsed).toMatchObject({ ok: false, status: 422 });
    });

    it('a JSON array is a 422', () => {
      expect(grafanaSource.parse(delivery(Buffer.from('[]')))).toEqual({
        ok: false,
        status: 422,
        problems: ['the body must be a JSON object'],
      });
    });
  });
});
