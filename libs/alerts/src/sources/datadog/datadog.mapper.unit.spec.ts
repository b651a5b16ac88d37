import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WebhookDelivery } from '../../alert-source';
import type { NormalizedAlert } from '../../normalized-alert';
import { datadogSource } from './datadog.source';

const receivedAt = new Date('2025-03-14T12:00:00.000Z');
const read = (path: string) => readFileSync(join(__dirname, path));
const fixture = (name: string) => read(join('fixtures', name));
const json = (name: string) =>
  JSON.parse(fixture(name).toString('utf8')) as Record<string, unknown>;
const body = (value: unknown) => Buffer.from(JSON.stringify(value));
const delivery = (rawBody: Buffer): WebhookDelivery => ({
  rawBody,
  headers: {},
  query: {},
  receivedAt,
});

function alertOf(rawBody: Buffer): NormalizedAlert {
  const parsed = datadogSource.parse(delivery(rawBody));
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const outcome = datadogSource.map(parsed.payload, delivery(rawBody), {});
  if (outcome.kind !== 'alerts' || outcome.alerts.length !== 1) throw new Error('expected 1 alert');
  return outcome.alerts[0];
}

describe('Datadog webhook', () => {
  describe("with Datadog's default payload", () => {
    const firing = alertOf(fixture('default-firing.json'));
    const resolved = alertOf(fixture('default-resolved.json'));

    it('the title says the transition: Triggered fires, Recovered resolves', () => {
      expect([firing.status, resolved.status]).toEqual(['firing', 'resolved']);
    });

    it('the monitor (from its link in the message) and the group make the dedup key', () => {
      expect(firing.dedupKey).toBe('monitor:48213377:env:prod,service:checkout-api');
      expect(resolved.dedupKey).toBe(firing.dedupKey);
    });

    it('the priority in the title decides the severity', () => {
      expect(firing.severity).toBe('SEV2');
    });

    it('the summary is the monitor name, the description the message without its markers', () => {
      expect(firing.summary).toBe('Checkout error rate above 5%');
      expect(firing.description).toMatch(/^Checkout error rate is \*\*6\.8%\*\*/);
      expect(firing.description).not.toContain('%%%');
    });

    it('service, labels, times and the monitor link come from the title, date and message', () => {
      expect(firing).toMatchObject({
        source: 'datadog',
        service: 'checkout-api',
        labels: {
          'datadog.monitor_id': '48213377',
          'datadog.transition': 'Triggered',
          'datadog.priority': 'P2',
          'datadog.scope': 'env:prod,service:checkout-api',
          'datadog.event_type': 'query_alert_monitor',
        },
        startedAt: '2025-03-14T09:21:07.000Z',
        links: [{ href: expect.stringMatching(/monitors\/48213377\?/), text: 'Monitor' }],
      });
      expect(firing.endedAt).toBeUndefined();
      expect(resolved.endedAt).toBe('2025-03-14T09:48:52.000Z');
    });

    it('raw is the whole payload', () => {
      expect(firing.raw).toEqual(json('default-firing.json'));
    });
  });

  describe('with the recommended custom payload', () => {
    const firing = alertOf(fixture('custom-firing.json'));
    const resolved = alertOf(fixture('custom-resolved.json'));

    it('$ALERT_TRANSITION decides the status', () => {
      expect([firing.status, resolved.status]).toEqual(['firing', 'resolved']);
    });

    it('$ALERT_ID and $ALERT_SCOPE make the dedup key, whatever the order of the scope', () => {
      expect(firing.dedupKey).toBe('monitor:51100042:host:ip-10-2-14-87,kube_cluster_name:prod-eu');
      expect(resolved.dedupKey).toBe(firing.dedupKey);
    });

    it('a monitor without priority is judged by the transition: Warn is SEV3', () => {
      expect(firing.severity).toBe('SEV3');
    });

    it('a priority that only names what every object has is no priority', () => {
      for (const word of ['__proto__', 'constructor']) {
        const alert = alertOf(body({ ...json('custom-firing.json'), alert_priority: word }));
        expect(alert.severity).toBe('SEV3');
      }
    });

    it('$TAGS become labels and name the service; the event link is kept', () => {
      expect(firing).toMatchObject({
        service: 'container-runtime',
        labels: expect.objectContaining({
          env: 'prod',
          team: 'platform',
          monitor: '',
          'datadog.host': 'ip-10-2-14-87',
        }),
        links: [
          { href: expect.stringContaining('/monitors/51100042'), text: 'Monitor' },
          { href: 'https://app.datadoghq.eu/event/event?id=7901226634409182113', text: 'Event' },
        ],
      });
      expect(firing.labels).not.toHaveProperty('datadog.priority');
    });

    it('the same monitor gets the same key from the default payload', () => {
      const { id, title, body: message, date } = json('custom-firing.json');
      expect(alertOf(body({ id, title, body: message, date })).dedupKey).toBe(firing.dedupKey);
    });

    it('every field of the template is read, none stripped as unknown', () => {
      const template = JSON.parse(read('recommended-custom-payload.json').toString('utf8'));
      const parsed = datadogSource.parse(delivery(body(template)));
      if (!parsed.ok) throw new Error(parsed.problems.join('; '));
      expect(Object.keys(parsed.payload).sort()).toEqual(Object.keys(template).sort());
    });
  });

  describe('severity', () => {
    it.each([
      ['[P1] [Triggered] API down', 'SEV1'],
      ['[P2] [Warn] API slow', 'SEV2'],
      ['[P3] [Triggered] Queue growing', 'SEV3'],
      ['[P4] [Triggered] Cert expires in 20 days', 'SEV4'],
      ['[P5] [Triggered] Cost anomaly', 'SEV4'],
      ['[Triggered] API down', 'SEV2'],
      ['[Re-Triggered] API down', 'SEV2'],
      ['[Warn] API slow', 'SEV3'],
      ['[No Data] API heartbeat', 'SEV3'],
      ['[Recovered] API down', 'SEV3'],
      ['API down', 'SEV3'],
    ])('%s is %s', (title, severity) => {
      expect(alertOf(body({ id: '1', title })).severity).toBe(severity);
    });
  });

  describe('when the monitor cannot be identified', () => {
    it('the aggregation key is the dedup key', () => {
      const alert = alertOf(
        body({ id: '1', title: '[Triggered] Queue lag', aggreg_key: 'abc123' }),
      );
      expect(alert.dedupKey).toBe('aggregation:abc123');
    });

    it('the monitor name is hashed, so trigger and recovery still meet', () => {
      const triggered = alertOf(body({ id: '1', title: '[Triggered] Queue lag' }));
      const recovered = alertOf(body({ id: '2', title: '[Recovered] Queue lag' }));
      expect(triggered.dedupKey).toMatch(/^title:[0-9a-f]{32}$/);
      expect(recovered.dedupKey).toBe(triggered.dedupKey);
    });

    it('without a date the alert starts when Sitrep received it', () => {
      expect(alertOf(body({ id: '1', title: '[Triggered] Queue lag' })).startedAt).toBe(
        receivedAt.toISOString(),
      );
    });
  });

  describe('when the template leaves values unquoted or the body is not a Datadog webhook', () => {
    it('numbers are read as text', () => {
      const alert = alertOf(
        body({ id: 79, title: '[Triggered] X', alert_id: 123, date: 1741944067000 }),
      );
      expect(alert).toMatchObject({
        dedupKey: 'monitor:123',
        startedAt: '2025-03-14T09:21:07.000Z',
      });
    });

    it('a payload without a title is a 422', () => {
      const parsed = datadogSource.parse(delivery(body({ id: '1' })));
      expect(parsed).toMatchObject({ ok: false, status: 422 });
      expect(!parsed.ok && parsed.problems.join()).toContain('title');
    });

    it('a form-encoded body is a 400', () => {
      expect(datadogSource.parse(delivery(Buffer.from('id=1&title=x')))).toMatchObject({
        ok: false,
        status: 400,
      });
    });
  });

  it('does not sign: bearer or basic auth is left to the webhook layer', () => {
    expect(datadogSource.authenticate(delivery(fixture('default-firing.json')), {})).toEqual({
      ok: 'not-applicable',
    });
  });
});
