import type { RecordedEvent } from '@sitrep/event-store';
import type { AlertEvent } from '../../domain';
import { foldIncidentAlerts, type AlertCursor } from './incident-alerts.fold';

const stream = 'alert-int-1-abc';
const incident = '11111111-1111-4111-8111-111111111111';
const key = { integrationId: 'int-1', dedupKey: 'HighErrorRate' };
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 10, 0, s)).toISOString();

function recorded(events: AlertEvent[], streamId = stream): RecordedEvent[] {
  return events.map((e, i) => ({
    globalPosition: i + 1,
    streamId,
    streamPosition: i + 1,
    eventId: `e${i + 1}`,
    type: e.type,
    schemaVersion: 1,
    data: e.data as unknown as Record<string, unknown>,
    metadata: {},
    recordedAt: new Date(at(i)),
    transactionId: '1',
  }));
}

const fired = (episode: number, deliveryId: string): AlertEvent => {
  const data = {
    ...key,
    episode,
    severity: 'SEV2' as const,
    summary: 's',
    service: 'checkout',
    labels: {},
    startedAt: at(0),
    deliveryId,
    payloadHash: 'h1',
    receivedAt: at(0),
  };
  return episode === 1
    ? { type: 'AlertFired', data }
    : { type: 'AlertRefired', data: { ...data, previousIncidentId: incident } };
};
const attached = (episode: number, rule: 'opened' | 'reopened', s = 1): AlertEvent => ({
  type: 'AlertAttachedToIncident',
  data: {
    ...key,
    episode,
    incidentId: incident,
    rule,
    reason: rule,
    deliveryId: 'd1',
    attachedAt: at(s),
  },
});
const repeated = (
  count: number,
  deliveryId: string,
  to: string | null,
  changed = false,
): AlertEvent => ({
  type: 'AlertRepeated',
  data: {
    ...key,
    incidentId: to,
    count,
    payloadChanged: changed,
    payloadHash: 'h',
    deliveryId,
    receivedAt: at(count),
  },
});
const resolved = (deliveryId: string, to: string | null): AlertEvent => ({
  type: 'AlertResolved',
  data: { ...key, incidentId: to, endedAt: at(30), deliveryId, receivedAt: at(31) },
});

const decisions = (events: RecordedEvent[], stored = new Map<string, AlertCursor>()) =>
  foldIncidentAlerts(stored, events).rows.map((r) => [r.decision, r.incidentId, r.episode]);

describe('the incident alerts fold', () => {
  it('explains an alert: opened, deduplicated, updated, resolved', () => {
    const events = recorded([
      fired(1, 'd1'),
      attached(1, 'opened'),
      repeated(2, 'd2', incident),
      repeated(3, 'd3', incident, true),
      resolved('d4', incident),
    ]);
    expect(decisions(events)).toEqual([
      ['opened', incident, 1],
      ['deduplicated', incident, 1],
      ['updated', incident, 1],
      ['resolved', incident, 1],
    ]);
  });

  it('a firing that carries its attachment is the decision itself, at its own position', () => {
    const withAttachment = (episode: number, rule: 'opened' | 'reopened', deliveryId: string) => {
      const { type, data } = fired(episode, deliveryId) as Extract<
        AlertEvent,
        { type: 'AlertFired' }
      >;
      const attachment = {
        incidentId: incident,
        rule,
        reason: `${rule} by rule`,
        attachedAt: at(5),
      };
      return { type, data: { ...data, attachment } } as AlertEvent;
    };
    const events = recorded([
      withAttachment(1, 'opened', 'd1'),
      repeated(2, 'd2', incident),
      resolved('d3', incident),
      withAttachment(2, 'reopened', 'd4'),
    ]);
    const folded = foldIncidentAlerts(new Map(), events);
    expect(folded.rows.map((r) => [r.position, r.decision, r.incidentId, r.episode])).toEqual([
      [1, 'opened', incident, 1],
      [2, 'deduplicated', incident, 1],
      [3, 'resolved', incident, 1],
      [4, 'reopened', incident, 2],
    ]);
    expect(folded.rows[0]).toMatchObject({
      rule: 'opened',
      reason: 'opened by rule',
      deliveryId: 'd1',
      at: at(5),
    });
    expect(folded.attached).toEqual([]);
    expect(folded.cursors.get(stream)).toEqual({
      episode: 2,
      incidentId: incident,
      lastPosition: 4,
    });
  });

  it('a repeat counted before the episode was attached gets the incident the attach names', () => {
    const events = recorded([fired(1, 'd1'), repeated(2, 'd2', null), attached(1, 'opened')]);
    const folded = foldIncidentAlerts(new Map(), events);
    expect(folded.rows.map((r) => [r.decision, r.incidentId])).toEqual([
      ['deduplicated', incident],
      ['opened', incident],
    ]);
    // All in this batch: no row written earlier waits for the incident, so nothing to update.
    expect(folded.attached).toEqual([]);

    const first = foldIncidentAlerts(new Map(), events.slice(0, 2));
    const rest = foldIncidentAlerts(first.cursors, events.slice(2));
    expect(first.rows.map((r) => [r.decision, r.incidentId])).toEqual([['deduplicated', null]]);
    expect(rest.attached).toEqual([{ streamId: stream, episode: 1, incidentId: incident }]);
  });

  it('an alert resolved before it joined an incident belongs to none', () => {
    const events = recorded([
      fired(1, 'd1'),
      resolved('d2', null),
      fired(2, 'd3'),
      attached(2, 'opened'),
    ]);
    expect(decisions(events)).toEqual([
      ['resolved', null, 1],
      ['opened', incident, 2],
    ]);
  });

  it('a refiring within the reopen window is a second episode, reopened', () => {
    const events = recorded([
      fired(1, 'd1'),
      attached(1, 'opened'),
      resolved('d2', incident),
      fired(2, 'd3'),
      attached(2, 'reopened', 40),
    ]);
    expect(decisions(events)).toEqual([
      ['opened', incident, 1],
      ['resolved', incident, 1],
      ['reopened', incident, 2],
    ]);
  });

  it('every event delivered twice changes nothing', () => {
    const events = recorded([
      fired(1, 'd1'),
      repeated(2, 'd2', null),
      attached(1, 'opened'),
      resolved('d3', incident),
    ]);
    const once = foldIncidentAlerts(new Map(), events);
    const twice = foldIncidentAlerts(
      new Map(),
      events.flatMap((e) => [e, e]),
    );
    expect(twice).toEqual(once);
    const again = foldIncidentAlerts(once.cursors, events);
    expect(again).toEqual({ rows: [], attached: [], cursors: new Map() });
  });

  it('a batch split anywhere folds to the same rows', () => {
    const events = recorded([fired(1, 'd1'), attached(1, 'opened'), repeated(2, 'd2', incident)]);
    const first = foldIncidentAlerts(new Map(), events.slice(0, 2));
    const rest = foldIncidentAlerts(first.cursors, events.slice(2));
    expect([...first.rows, ...rest.rows]).toEqual(foldIncidentAlerts(new Map(), events).rows);
  });
});
