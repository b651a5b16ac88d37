import type { Database } from '@sitrep/platform';
import { allTimelineKinds } from '@sitrep/incident';
import {
  AlertTimelineContribution,
  alertTimelineEntries,
  alertTimelineEntryOf,
} from './alert-timeline.contribution';
import type { IncidentAlertRow } from './incident-alerts.fold';

const incidentId = '6f1c2c1e-0b7a-4c55-9d6e-2f3a4b5c6d7e';
const integrationId = '0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70';
const streamId = `alert-${integrationId}-5c1f0e9a2b7d4c3e8f6a1b2c3d4e5f60`;

const row = (over: Partial<IncidentAlertRow>): IncidentAlertRow => ({
  streamId,
  position: 2,
  incidentId,
  integrationId,
  dedupKey: '7f3c1a9d02be44e1',
  episode: 1,
  decision: 'opened',
  rule: 'opened',
  reason: 'no open incident of service "checkout-api" within 300 s: opened a new one',
  deliveryId: 'dlv-1',
  count: null,
  at: '2026-01-01T10:00:00.000Z',
  ...over,
});

describe('alert decisions on the incident timeline', () => {
  it('an opening decision: kind alert, named after the decision, by the integration, with its details', () => {
    expect(alertTimelineEntryOf(row({}), incidentId)).toEqual({
      incidentId,
      position: 2,
      eventId: `${streamId}#2`,
      type: 'AlertOpened',
      kind: 'alert',
      occurredAt: '2026-01-01T10:00:00.000Z',
      recordedAt: '2026-01-01T10:00:00.000Z',
      actor: `integration:${integrationId}`,
      summary:
        'Alert "7f3c1a9d02be44e1" opened: no open incident of service "checkout-api" within 300 s: opened a new one',
      details: {
        dedupKey: '7f3c1a9d02be44e1',
        integrationId,
        episode: 1,
        decision: 'opened',
        rule: 'opened',
        deliveryId: 'dlv-1',
        count: null,
      },
    });
  });

  it('every decision has its own entry type, and the summary says why', () => {
    const reasons = {
      opened: 'opened a new one',
      joined: 'grouping: same integration and service "checkout-api" while incident x is open',
      reopened: 'refired within the reopen window: reopened the incident',
      deduplicated: 'deduplication: same dedup key while its alert is open (2 deliveries)',
      updated:
        'deduplication: same dedup key while its alert is open (3 deliveries); payload changed',
      resolved: 'alert resolved (ended at 2026-01-01T10:20:00.000Z)',
    } as const;
    const entries = Object.entries(reasons).map(([decision, reason]) =>
      alertTimelineEntryOf(
        row({ decision: decision as keyof typeof reasons, reason, dedupKey: 'k' }),
        incidentId,
      ),
    );
    expect(entries.map((e) => [e.type, e.kind, e.summary])).toEqual([
      ['AlertOpened', 'alert', `Alert "k" opened: ${reasons.opened}`],
      ['AlertJoined', 'alert', `Alert "k" joined: ${reasons.joined}`],
      ['AlertReopened', 'alert', `Alert "k" reopened: ${reasons.reopened}`],
      ['AlertDeduplicated', 'alert', `Alert "k" deduplicated: ${reasons.deduplicated}`],
      ['AlertUpdated', 'alert', `Alert "k" updated: ${reasons.updated}`],
      ['AlertResolved', 'alert', `Alert "k" resolved: ${reasons.resolved}`],
    ]);
    expect(allTimelineKinds).toContain('alert');
  });

  it('a repeat keeps its count, delivery and episode; its event id is its place in the alert stream', () => {
    const repeat = alertTimelineEntryOf(
      row({
        position: 7,
        episode: 2,
        decision: 'deduplicated',
        rule: null,
        deliveryId: 'dlv-9',
        count: 4,
        at: '2026-01-01T11:00:00.000Z',
      }),
      incidentId,
    );
    expect(repeat).toMatchObject({
      position: 7,
      eventId: `${streamId}#7`,
      occurredAt: '2026-01-01T11:00:00.000Z',
      details: { episode: 2, decision: 'deduplicated', rule: null, deliveryId: 'dlv-9', count: 4 },
    });
  });

  it('orders the decisions by time; at one instant the opener before the joiner, then the rest by dedup key', () => {
    const at = '2026-01-01T10:00:00.000Z';
    const later = '2026-01-01T10:01:00.000Z';
    const other = `alert-${integrationId}-00000000000000000000000000000000`;
    const rows = [
      row({ streamId: other, dedupKey: 'a', decision: 'joined', rule: 'grouped', at }),
      row({ dedupKey: 'z', position: 3, decision: 'resolved', rule: null, at: later }),
      row({
        streamId: other,
        dedupKey: 'a',
        position: 3,
        decision: 'resolved',
        rule: null,
        at: later,
      }),
      row({ dedupKey: 'z', decision: 'opened', at }),
      row({ dedupKey: 'z', position: 4, decision: 'updated', rule: null, at: later }),
    ];
    const entries = alertTimelineEntries(rows, incidentId);
    expect(entries.map((e) => [e.type, e.details.dedupKey, e.position])).toEqual([
      ['AlertOpened', 'z', 2],
      ['AlertJoined', 'a', 2],
      ['AlertResolved', 'a', 3],
      ['AlertResolved', 'z', 3],
      ['AlertUpdated', 'z', 4],
    ]);
    expect(rows.map((r) => r.decision)).toEqual([
      'joined',
      'resolved',
      'resolved',
      'opened',
      'updated',
    ]);
  });

  it('reads the incident alerts rows of the incident, one entry per row, repeats included', async () => {
    const queries: { sql: string; params: unknown[] }[] = [];
    const records = [
      { decision: 'opened', rule: 'opened', position: '2', count: null },
      { decision: 'deduplicated', rule: null, position: '3', count: 2 },
      { decision: 'deduplicated', rule: null, position: '4', count: 3 },
    ].map((r, i) => ({
      ...r,
      stream_id: streamId,
      incident_id: incidentId,
      integration_id: integrationId,
      dedup_key: 'k',
      episode: 1,
      reason: `reason ${i}`,
      delivery_id: `dlv-${i}`,
      at: new Date(Date.UTC(2026, 0, 1, 10, i)),
    }));
    const db = {
      query: (sql: string, params: unknown[]) => {
        queries.push({ sql, params });
        return Promise.resolve(records);
      },
    } as unknown as Database;

    const entries = await new AlertTimelineContribution(db).entriesFor(incidentId);

    expect(queries).toHaveLength(1);
    expect(queries[0].sql).toMatch(/FROM incident_alerts WHERE incident_id = \$1/);
    expect(queries[0].params).toEqual([incidentId]);
    expect(
      entries.map((e) => [e.type, e.position, e.eventId, e.occurredAt, e.details.count]),
    ).toEqual([
      ['AlertOpened', 2, `${streamId}#2`, '2026-01-01T10:00:00.000Z', null],
      ['AlertDeduplicated', 3, `${streamId}#3`, '2026-01-01T10:01:00.000Z', 2],
      ['AlertDeduplicated', 4, `${streamId}#4`, '2026-01-01T10:02:00.000Z', 3],
    ]);
    expect(entries.every((e) => e.incidentId === incidentId && e.kind === 'alert')).toBe(true);
  });
});
