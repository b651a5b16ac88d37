import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WebhookDelivery } from '../../alert-source';
import { GenericJsonError } from './generic-json.errors';
import { validateGenericJsonMapping } from './generic-json.mapping';
import { genericJsonSource as source } from './generic-json.source';
import { resolvePointer } from './json-pointer';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));
const mapping = JSON.parse(fixture('mapping.json').toString('utf8'));

function delivery(body: Buffer | string): WebhookDelivery {
  return {
    rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body),
    headers: { 'content-type': 'application/json' },
    query: {},
    receivedAt: new Date('2025-03-14T09:12:50Z'),
  };
}
function alertsOf(d: WebhookDelivery, withMapping: unknown = mapping) {
  const parsed = source.parse(d);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const outcome = source.map(parsed.payload, d, { mapping: withMapping });
  if (outcome.kind !== 'alerts') throw new Error('expected alerts');
  return outcome.alerts;
}
const problemsOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof GenericJsonError) return { code: error.code, problems: error.problems };
    throw error;
  }
  throw new Error('expected a GenericJsonError');
};

describe('generic JSON', () => {
  describe('when a configured payload reports a problem', () => {
    it('fires one alert per item, keyed by the configured paths', () => {
      const [alert] = alertsOf(delivery(fixture('problem.json')));
      expect(alert).toMatchObject({
        source: 'generic-json',
        dedupKey: 'db-ledger-03:disk-free /var/lib/postgresql',
        status: 'firing',
        severity: 'SEV2',
        summary: 'Free disk space below 5% on db-ledger-03:/var/lib/postgresql',
        description: '4.2% free (21 GB of 500 GB)',
        service: 'ledger',
        labels: { host: 'db-ledger-03', datacenter: 'fra1' },
        startedAt: '2025-03-14T09:12:41.000Z',
        links: [
          { href: 'https://nightwatch.example.com/checks/8812' },
          { href: 'https://grafana.example.com/d/ledger-db', text: 'Ledger DB' },
        ],
      });
      expect(alert.raw).toMatchObject({ state: 'PROBLEM' });
    });
  });

  describe('when it reports the recovery', () => {
    it('resolves the same dedup key at the configured end time', () => {
      const [alert] = alertsOf(delivery(fixture('recovery.json')));
      expect(alert).toMatchObject({
        dedupKey: 'db-ledger-03:disk-free /var/lib/postgresql',
        status: 'resolved',
        endedAt: '2025-03-14T10:05:19.000Z',
      });
    });
  });

  it('uses the configured default severity for an unmapped value, else SEV3', () => {
    const body = JSON.parse(fixture('problem.json').toString('utf8'));
    body.events[0].priority = 'information';
    expect(alertsOf(delivery(JSON.stringify(body)))[0].severity).toBe('SEV4');
    const withoutSeverity = { ...mapping, severity: undefined };
    expect(alertsOf(delivery(fixture('problem.json')), withoutSeverity)[0].severity).toBe('SEV3');
  });

  it('maps a single object when no items path is configured, reading a labels object', () => {
    const single = { ...mapping, items: undefined, labels: '/tags' };
    const body = JSON.parse(fixture('problem.json').toString('utf8')).events[0];
    expect(alertsOf(delivery(JSON.stringify(body)), single)[0]).toMatchObject({
      dedupKey: 'db-ledger-03:disk-free /var/lib/postgresql',
      labels: { dc: 'fra1' },
    });
  });

  it('names every path the payload lacks', () => {
    const body = { events: [{ state: 'UNKNOWN', check: { host: 'h' } }] };
    expect(problemsOf(() => alertsOf(delivery(JSON.stringify(body))))).toEqual({
      code: 'ALERTS.GENERIC_JSON.UNMAPPABLE',
      problems: [
        '/events/0/check/name (dedupKey) is missing',
        '/events/0/state (status) is not one of the configured firing or resolved values',
        '/events/0/title (summary) is missing',
      ],
    });
  });

  describe('the mapping', () => {
    it('accepts the fixture mapping', () => {
      expect(validateGenericJsonMapping(mapping)).toMatchObject({ ok: true });
    });

    it.each([
      [
        { dedupKey: 'alert.id' },
        'mapping.dedupKey must be a JSON Pointer or a non-empty list of them',
      ],
      [
        { status: { path: '/s', firing: [], resolved: ['ok'] } },
        'mapping.status.firing must be a non-empty list of strings',
      ],
      [
        { status: { path: '/s', firing: ['x'], resolved: ['x'] } },
        'mapping.status: x cannot be both firing and resolved',
      ],
      [
        { severity: { path: '/p', map: { high: 'P1' } } },
        'mapping.severity.map.high must be one of SEV1..SEV4',
      ],
      [{ summary: undefined }, 'mapping.summary must be a JSON Pointer such as "/alert/id"'],
      [{ labels: { host: 'host' } }, 'mapping.labels.host must be a JSON Pointer'],
      [
        { startedAt: '/bad~2escape' },
        'mapping.startedAt must be a JSON Pointer such as "/alert/id"',
      ],
    ])('rejects %j with a problem naming the path', (change, problem) => {
      const result = validateGenericJsonMapping({ ...mapping, ...change });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems).toContain(problem);
    });

    it('an invalid stored mapping fails the delivery with INVALID_MAPPING', () => {
      expect(
        problemsOf(() => alertsOf(delivery(fixture('problem.json')), { summary: 1 })).code,
      ).toBe('ALERTS.GENERIC_JSON.INVALID_MAPPING');
    });
  });

  it('resolves JSON Pointer escapes and array indexes', () => {
    expect(resolvePointer({ 'a/b': [{ 'm~n': 1 }] }, '/a~1b/0/m~0n')).toBe(1);
    expect(resolvePointer({ a: 1 }, '/constructor')).toBeUndefined();
  });

  it('rejects a body that is not JSON with 400', () => {
    expect(source.parse(delivery('<xml/>'))).toMatchObject({ ok: false, status: 400 });
  });

  it('leaves bearer or basic auth to the webhook layer', () => {
    expect(source.authenticate(delivery('{}'), {})).toEqual({ ok: 'not-applicable' });
  });
});
