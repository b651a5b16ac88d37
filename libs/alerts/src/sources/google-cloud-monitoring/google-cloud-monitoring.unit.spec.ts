import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WebhookDelivery } from '../../alert-source';
import { gcpSeverity } from './google-cloud-monitoring.mapper';
import { googleCloudMonitoringSource as source } from './google-cloud-monitoring.source';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));

function delivery(body: Buffer | string, query: Record<string, string> = {}): WebhookDelivery {
  return {
    rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body),
    headers: { 'content-type': 'application/json' },
    query,
    receivedAt: new Date('2025-03-14T09:12:50Z'),
  };
}
function alertsOf(d: WebhookDelivery, serviceFrom?: string[]) {
  const parsed = source.parse(d);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const outcome = source.map(parsed.payload, d, { serviceFrom });
  if (outcome.kind !== 'alerts') throw new Error('expected alerts');
  return outcome.alerts;
}

describe('Google Cloud Monitoring (incident schema 1.2)', () => {
  describe('when an incident opens', () => {
    it('fires an alert keyed by incident_id', () => {
      const [alert] = alertsOf(delivery(fixture('incident-open.json')));
      expect(alert).toMatchObject({
        source: 'google-cloud-monitoring',
        dedupKey: '0.nk3v8x2q9w1d',
        status: 'firing',
        severity: 'SEV1',
        summary: 'search-api p95 latency',
        service: 'search-api',
        startedAt: '2025-03-14T09:12:41.000Z',
        labels: {
          'resource.service_name': 'search-api',
          'resource.location': 'europe-west1',
          team: 'discovery',
          tier: '1',
          resourceType: 'cloud_run_revision',
          project: 'shop-prod-4821',
          severity: 'Critical',
        },
        links: [
          {
            href: 'https://console.cloud.google.com/monitoring/alerting/incidents/0.nk3v8x2q9w1d?project=shop-prod-4821',
            text: 'Cloud Monitoring incident',
          },
        ],
      });
      expect(alert.description).toContain('above the threshold');
      expect(alert.description).toContain('runbooks.example.com');
      expect(alert.endedAt).toBeUndefined();
    });
  });

  describe('the service', () => {
    const revision = () => delivery(fixture('cloud-run-revision-open.json'));

    it('of a Cloud Run revision is its service_name, not the revision that deploys renamed', () => {
      const [alert] = alertsOf(revision());
      expect(alert.service).toBe('search-api');
      expect(alert.labels['resource.revision_name']).toBe('search-api-00042-kax');
    });

    it('comes from the labels the integration names, in order', () => {
      expect(alertsOf(revision(), ['owner', 'team'])[0].service).toBe('discovery');
    });

    it('is the resource’s display name when no named label has a value', () => {
      expect(alertsOf(revision(), ['owner'])[0].service).toBe('search-api-00042-kax');
    });
  });

  describe('when the incident closes', () => {
    it('resolves the same incident_id at ended_at', () => {
      const [alert] = alertsOf(delivery(fixture('incident-closed.json')));
      expect(alert).toMatchObject({
        dedupKey: '0.nk3v8x2q9w1d',
        status: 'resolved',
        startedAt: '2025-03-14T09:12:41.000Z',
        endedAt: '2025-03-14T09:41:02.000Z',
      });
    });
  });

  it.each([
    ['Critical', 'SEV1'],
    ['Error', 'SEV2'],
    ['Warning', 'SEV3'],
    ['No severity', 'SEV3'],
    [undefined, 'SEV3'],
  ])('policy severity %p is %s', (severity, expected) => {
    expect(gcpSeverity({ severity })).toBe(expected);
  });

  it('the channel’s test notification (version "test") is a test, not an alert', () => {
    const d = delivery(fixture('test-notification.json'));
    const parsed = source.parse(d);
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    expect(source.map(parsed.payload, d, {})).toEqual({
      kind: 'handshake',
      action: 'test',
      detail: { summary: 'Test Incident' },
    });
  });

  it('rejects another schema version, naming the field', () => {
    const body = JSON.parse(fixture('incident-open.json').toString('utf8'));
    body.version = '1.1';
    const parsed = source.parse(delivery(JSON.stringify(body)));
    expect(parsed).toMatchObject({ ok: false, status: 422 });
    if (!parsed.ok) expect(parsed.problems.join()).toContain('version');
  });

  it('rejects an incident without its id or state, naming the fields', () => {
    const parsed = source.parse(delivery('{"version":"1.2","incident":{"started_at":1}}'));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problems.join('\n')).toContain('incident.incident_id');
      expect(parsed.problems.join('\n')).toContain('incident.state');
    }
  });

  describe('authentication', () => {
    const vendorKey = 'gcp-tok-3Rk8vQ1mZ6';

    it('checks auth_token when the integration uses token authentication', () => {
      const good = delivery(fixture('incident-open.json'), { auth_token: vendorKey });
      const bad = delivery(fixture('incident-open.json'), { auth_token: 'gcp-tok-3Rk8vQ1mZ7' });
      expect(source.authenticate(good, { vendorKey })).toEqual({ ok: true, method: 'url-token' });
      expect(source.authenticate(bad, { vendorKey })).toMatchObject({ ok: false });
    });

    it('otherwise leaves basic auth to the webhook layer', () => {
      expect(source.authenticate(delivery('{}'), {})).toEqual({ ok: 'not-applicable' });
    });
  });
});
