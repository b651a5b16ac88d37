import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WebhookDelivery } from '../../alert-source';
import { AZURE_SEVERITY } from './azure-monitor.mapper';
import { azureMonitorSource } from './azure-monitor.source';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));
const ALERT_ID =
  '/subscriptions/4b1f9c2e-7d3a-4e6b-9f0c-2a8d5e1b3c7f/providers/Microsoft.AlertsManagement/alerts/6d0e3a9b-1f2c-4b5d-8e7a-9c0b1d2e3f4a';

function delivery(body: Buffer | string, query: Record<string, string> = {}): WebhookDelivery {
  return {
    rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body),
    headers: { 'content-type': 'application/json; charset=utf-8' },
    query,
    receivedAt: new Date('2025-03-14T09:12:45Z'),
  };
}
function alertsOf(d: WebhookDelivery) {
  const parsed = azureMonitorSource.parse(d);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const outcome = azureMonitorSource.map(parsed.payload, d, {});
  if (outcome.kind !== 'alerts') throw new Error('expected alerts');
  return outcome.alerts;
}

describe('Azure Monitor (common alert schema)', () => {
  describe('when a metric alert fires', () => {
    it('fires an alert keyed by alertId with Sev1 as SEV2', () => {
      const [alert] = alertsOf(delivery(fixture('metric-alert-fired.json')));
      expect(alert).toMatchObject({
        source: 'azure-monitor',
        dedupKey: ALERT_ID,
        status: 'firing',
        severity: 'SEV2',
        summary: 'orders-api-high-cpu on orders-api-prod',
        description: 'CPU above 85% on the orders API for 10 minutes',
        service: 'orders-api-prod',
        startedAt: '2025-03-14T09:12:41.552Z',
        labels: {
          team: 'orders',
          severity: 'Sev1',
          signalType: 'Metric',
          monitoringService: 'Platform',
        },
      });
      expect(alert.endedAt).toBeUndefined();
      expect(alert.links[0].href).toBe(
        'https://portal.azure.com/#resource/subscriptions/4b1f9c2e-7d3a-4e6b-9f0c-2a8d5e1b3c7f/resourcegroups/rg-orders-prod/providers/microsoft.web/sites/orders-api-prod',
      );
    });
  });

  describe('when the metric alert resolves', () => {
    it('resolves the same alertId, keeping when it fired', () => {
      const [alert] = alertsOf(delivery(fixture('metric-alert-resolved.json')));
      expect(alert).toMatchObject({
        dedupKey: ALERT_ID,
        status: 'resolved',
        startedAt: '2025-03-14T09:12:41.552Z',
        endedAt: '2025-03-14T09:41:07.331Z',
      });
    });
  });

  it('maps Sev0–Sev4 to SEV1–SEV4', () => {
    expect(AZURE_SEVERITY).toEqual({
      Sev0: 'SEV1',
      Sev1: 'SEV2',
      Sev2: 'SEV3',
      Sev3: 'SEV4',
      Sev4: 'SEV4',
    });
  });

  it('rejects the legacy (non-common) schema, naming the field', () => {
    const parsed = azureMonitorSource.parse(
      delivery('{"schemaId":"AzureMonitorMetricAlert","data":{}}'),
    );
    expect(parsed).toMatchObject({ ok: false, status: 422 });
    if (!parsed.ok) expect(parsed.problems.join('\n')).toContain('schemaId');
  });

  describe('authentication', () => {
    const vendorKey = 'az-7Qm2pX9vR4tL8wN1';

    it('checks the URL token when the integration is configured for it', () => {
      const d = delivery(fixture('metric-alert-fired.json'), { token: vendorKey });
      expect(azureMonitorSource.authenticate(d, { vendorKey })).toEqual({
        ok: true,
        method: 'url-token',
      });
    });

    it('rejects a wrong URL token', () => {
      const d = delivery(fixture('metric-alert-fired.json'), { token: 'az-7Qm2pX9vR4tL8wN2' });
      expect(azureMonitorSource.authenticate(d, { vendorKey })).toEqual({
        ok: false,
        reason: 'token query parameter does not match',
      });
    });

    it('otherwise leaves bearer or basic auth to the webhook layer', () => {
      const d = delivery(fixture('metric-alert-fired.json'), { token: vendorKey });
      expect(azureMonitorSource.authenticate(d, {})).toEqual({ ok: 'not-applicable' });
    });
  });
});
