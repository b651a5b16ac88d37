import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromCloudEvent, InvalidCloudEventError, toCloudEvent } from './cloud-event';

const fixture = readFileSync(
  join(__dirname, 'fixtures/incident-declared.cloud-event.json'),
  'utf8',
);

describe('CloudEvents mapping of recorded events', () => {
  it('a stored CloudEvent reads back as the recorded event it was made from', () => {
    const event = fromCloudEvent(fixture);
    expect(event).toEqual({
      globalPosition: 4503599627370497,
      streamId: 'incident-0b8e6a52-5c1f-4d2e-8f47-2a9c3d1e6b05',
      streamPosition: 1,
      eventId: '6f1c2a7e-3b0d-4e59-9a63-1f2d8c4b7a10',
      type: 'IncidentDeclared',
      schemaVersion: 2,
      data: {
        title: 'Checkout latency above SLO',
        severity: 'SEV2',
        impact: { customers: ['acme'] },
      },
      metadata: {
        correlationId: 'corr-41',
        causationId: 'cmd-7',
        actor: 'user:ada',
        source: 'api',
        tenant: 'eu-1',
        retry: 2,
      },
      recordedAt: new Date('2025-03-14T09:26:53.589Z'),
      transactionId: '18446744073709551000',
    });
  });

  it('turning it back into a CloudEvent gives the stored JSON attribute for attribute', () => {
    expect(toCloudEvent(fromCloudEvent(fixture), '/sitrep/event-store')).toEqual(
      JSON.parse(fixture),
    );
  });

  it('extension names are lowercase alphanumeric, as CloudEvents 1.0 requires', () => {
    const names = Object.keys(toCloudEvent(fromCloudEvent(fixture)));
    expect(names.filter((name) => !/^[a-z0-9]{1,20}$/.test(name))).toEqual([]);
  });

  it('metadata without correlation, causation or actor adds no empty extensions', () => {
    const event = { ...fromCloudEvent(fixture), metadata: {} };
    const ce = toCloudEvent(event);
    expect(ce).not.toHaveProperty('correlationid');
    expect(ce).not.toHaveProperty('metadata');
    expect(fromCloudEvent(JSON.stringify(ce)).metadata).toEqual({});
  });

  it('a message that is not a CloudEvent 1.0 is refused with the reason', () => {
    expect(() => fromCloudEvent({ ...JSON.parse(fixture), specversion: '0.3' })).toThrow(
      InvalidCloudEventError,
    );
    const { subject: _subject, ...withoutSubject } = JSON.parse(fixture) as Record<string, unknown>;
    expect(() => fromCloudEvent(withoutSubject)).toThrow(/subject/);
  });
});
