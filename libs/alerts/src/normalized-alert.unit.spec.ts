import {
  ALERT_LIMITS,
  normalizedAlertProblems,
  tidiedAlert,
  type NormalizedAlert,
} from './normalized-alert';

const alert = (fields: Partial<Record<keyof NormalizedAlert, unknown>> = {}): NormalizedAlert =>
  ({
    source: 'test',
    dedupKey: 'disk-full',
    status: 'firing',
    severity: 'SEV2',
    summary: 'Disk full',
    labels: { host: 'db-1' },
    startedAt: '2026-11-27T10:00:00.000Z',
    links: [{ href: 'https://example.com', text: 'graph' }],
    raw: {},
    ...fields,
  }) as NormalizedAlert;

describe('tidiedAlert', () => {
  it('leaves a well-formed alert as it was', () => {
    expect(tidiedAlert(alert())).toEqual(alert());
    expect(normalizedAlertProblems(tidiedAlert(alert()))).toEqual([]);
  });

  it('leaves out optional fields that came out null, and labels that are not strings', () => {
    const tidied = tidiedAlert(
      alert({ description: null, service: null, endedAt: null, labels: { a: 'x', b: null, c: 1 } }),
    );
    expect(tidied).not.toHaveProperty('description');
    expect(tidied).not.toHaveProperty('service');
    expect(tidied).not.toHaveProperty('endedAt');
    expect(tidied.labels).toEqual({ a: 'x' });
    expect(normalizedAlertProblems(tidied)).toEqual([]);
  });

  it('trims the service, and leaves out one of only whitespace, which no incident could name', () => {
    expect(tidiedAlert(alert({ service: ' checkout\n' })).service).toBe('checkout');
    for (const service of ['', ' ', '\t\n', '\u00a0\u3000']) {
      const tidied = tidiedAlert(alert({ service }));
      expect(tidied).not.toHaveProperty('service');
      expect(normalizedAlertProblems(tidied)).toEqual([]);
    }
  });

  it('holds an alert to ALERT_LIMITS, whatever a sender put in it', () => {
    const long = 'x'.repeat(900_000);
    const labels = Object.fromEntries(
      Array.from({ length: 500 }, (_, i) => [`k${i}${long.slice(0, 300)}`, long]),
    );
    const tidied = tidiedAlert(
      alert({
        dedupKey: long,
        summary: long,
        description: long,
        service: long,
        labels,
        links: [
          { href: `https://example.com/${long}` },
          { href: 'https://ok.example', text: long },
        ],
      }),
    );
    expect(tidied.dedupKey).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(tidiedAlert(alert({ dedupKey: long })).dedupKey).toBe(tidied.dedupKey);
    expect(tidied.summary).toHaveLength(ALERT_LIMITS.summaryMaxLength);
    expect(tidied.summary.endsWith('…')).toBe(true);
    expect(tidied.description).toHaveLength(ALERT_LIMITS.descriptionMaxLength);
    expect(tidied.service).toHaveLength(ALERT_LIMITS.serviceMaxLength);
    expect(Object.keys(tidied.labels)).toHaveLength(ALERT_LIMITS.labels);
    for (const [key, value] of Object.entries(tidied.labels)) {
      expect(key.length).toBeLessThanOrEqual(ALERT_LIMITS.labelKeyMaxLength);
      expect(value).toHaveLength(ALERT_LIMITS.labelValueMaxLength);
    }
    expect(tidied.links).toEqual([
      { href: 'https://ok.example', text: expect.stringMatching(/^x{199}…$/) },
    ]);
    expect(Buffer.byteLength(JSON.stringify(tidied))).toBeLessThan(512 * 1024);
    expect(normalizedAlertProblems(tidied)).toEqual([]);
  });
});

describe('normalizedAlertProblems', () => {
  it('names every field that breaks the contract', () => {
    expect(
      normalizedAlertProblems({
        dedupKey: '',
        status: 'maybe',
        severity: {},
        summary: undefined,
        description: 1,
        service: [],
        labels: { a: null },
        startedAt: '2026-13-45T99:99:99Z',
        endedAt: 'never',
        links: [{ text: 'no href' }],
      }),
    ).toEqual([
      'dedupKey must be a non-empty string',
      'status must be firing or resolved',
      'severity must be one of SEV1, SEV2, SEV3, SEV4',
      'summary must be a string',
      'description must be a string',
      'service must be a string',
      'labels must be an object of strings',
      'startedAt must be an ISO 8601 time',
      'endedAt must be an ISO 8601 time',
      'links must be a list of {href, text?} strings',
    ]);
  });

  it('names a dedup key or a service of only whitespace, which would title or name no incident', () => {
    expect(
      normalizedAlertProblems(alert({ dedupKey: ' \n', summary: ' ', service: '\t' })),
    ).toEqual(['dedupKey must not be only whitespace', 'service must not be only whitespace']);
  });
});
