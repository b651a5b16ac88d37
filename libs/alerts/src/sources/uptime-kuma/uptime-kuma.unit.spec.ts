import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WebhookDelivery } from '../../alert-source';
import { uptimeKumaSeverity } from './uptime-kuma.mapper';
import { uptimeKumaSource } from './uptime-kuma.source';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));

function delivery(body: Buffer | string, query: Record<string, string> = {}): WebhookDelivery {
  return {
    rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body),
    headers: { 'content-type': 'application/json' },
    query,
    receivedAt: new Date('2025-03-14T09:12:43Z'),
  };
}

function outcomeOf(d: WebhookDelivery) {
  const parsed = uptimeKumaSource.parse(d);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return uptimeKumaSource.map(parsed.payload, d, {});
}
const alertsOf = (d: WebhookDelivery) => {
  const outcome = outcomeOf(d);
  if (outcome.kind !== 'alerts') throw new Error('expected alerts');
  return outcome.alerts;
};

describe('Uptime Kuma', () => {
  describe('when a monitor goes down', () => {
    it('fires an alert keyed by the monitor id, severity from its tag', () => {
      const [alert] = alertsOf(delivery(fixture('monitor-down.json')));
      expect(alert).toMatchObject({
        source: 'uptime-kuma',
        dedupKey: 'monitor-14',
        status: 'firing',
        severity: 'SEV1',
        summary: 'Customer portal is down',
        description: 'Request failed with status code 503',
        service: 'Customer portal',
        startedAt: '2025-03-14T09:12:41.552Z',
        labels: {
          monitorId: '14',
          monitorType: 'http',
          path: 'Production / Customer portal',
          'tag.severity': 'critical',
          'tag.customer-facing': '',
        },
        links: [{ href: 'https://portal.example.com/login', text: 'Monitored URL' }],
      });
      expect(alert.endedAt).toBeUndefined();
    });
  });

  describe('when the monitor comes back up', () => {
    it('resolves the same dedup key at the heartbeat time', () => {
      const [alert] = alertsOf(delivery(fixture('monitor-up.json')));
      expect(alert).toMatchObject({
        dedupKey: 'monitor-14',
        status: 'resolved',
        summary: 'Customer portal is up',
        endedAt: '2025-03-14T09:31:12.108Z',
      });
    });
  });

  it.each([
    [2, 'pending'],
    [3, 'maintenance'],
  ])('a %s (%s) heartbeat maps to no alert', (status) => {
    const body = JSON.parse(fixture('monitor-down.json').toString('utf8'));
    body.heartbeat.status = status;
    expect(outcomeOf(delivery(JSON.stringify(body)))).toEqual({ kind: 'alerts', alerts: [] });
  });

  it('the Test button is a notice, not an alert', () => {
    const test = { heartbeat: null, monitor: null, msg: 'Sitrep Testing' };
    expect(outcomeOf(delivery(JSON.stringify(test)))).toEqual({
      kind: 'handshake',
      action: 'notice',
      detail: { msg: 'Sitrep Testing' },
    });
  });

  it('rejects a heartbeat with an unknown status, naming the field', () => {
    const body = JSON.parse(fixture('monitor-down.json').toString('utf8'));
    body.heartbeat.status = 7;
    const parsed = uptimeKumaSource.parse(delivery(JSON.stringify(body)));
    expect(parsed).toMatchObject({ ok: false, status: 422 });
    if (!parsed.ok) expect(parsed.problems.join()).toContain('heartbeat.status');
  });

  it.each([
    ['critical', 'SEV1'],
    ['SEV2', 'SEV2'],
    ['P3', 'SEV3'],
    ['low', 'SEV4'],
    [undefined, 'SEV3'],
  ])('a severity tag of %p is %s', (value, severity) => {
    const tags = value === undefined ? [] : [{ name: 'severity', value }];
    expect(uptimeKumaSeverity({ tags })).toBe(severity);
  });

  describe('authentication', () => {
    it('leaves bearer or basic auth to the webhook layer unless a URL token is configured', () => {
      expect(uptimeKumaSource.authenticate(delivery('{}'), {})).toEqual({ ok: 'not-applicable' });
    });

    it('checks the URL token when the integration is configured with one', () => {
      const vendorKey = 'kq3-9fT2xV7mL0pR';
      expect(
        uptimeKumaSource.authenticate(delivery('{}', { token: vendorKey }), { vendorKey }),
      ).toEqual({
        ok: true,
        method: 'url-token',
      });
      expect(
        uptimeKumaSource.authenticate(delivery('{}', { token: 'kq3-9fT2xV7mL0pS' }), { vendorKey }),
      ).toMatchObject({ ok: false });
      expect(uptimeKumaSource.authenticate(delivery('{}'), { vendorKey })).toEqual({
        ok: false,
        reason: 'missing token query parameter',
      });
    });
  });
});
