import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database } from '@sitrep/platform';
import type { TimelineContribution, TimelineEntry } from '@sitrep/incident';
import { readIncidentAlertRows } from './get-incident-alerts.query';
import type { AlertDecision, IncidentAlertRow } from './incident-alerts.fold';

/** The timeline entry type of each decision. */
const TYPE_OF = {
  opened: 'AlertOpened',
  joined: 'AlertJoined',
  reopened: 'AlertReopened',
  deduplicated: 'AlertDeduplicated',
  updated: 'AlertUpdated',
  resolved: 'AlertResolved',
} as const satisfies Record<AlertDecision, `Alert${string}`>;

/**
 * Pure: the timeline entry of one decision about an alert of the incident (one per row of
 * `incident_alerts`, repeats included). The alert stream names it: position in that stream, event
 * id `<stream id>#<position>`. `at` is when Sitrep received the delivery and decided, so it is
 * both when it happened and when it was recorded.
 */
export function alertTimelineEntryOf(row: IncidentAlertRow, incidentId: string): TimelineEntry {
  return {
    incidentId,
    position: row.position,
    eventId: `${row.streamId}#${row.position}`,
    type: TYPE_OF[row.decision],
    kind: 'alert',
    occurredAt: row.at,
    recordedAt: row.at,
    actor: `integration:${row.integrationId}`,
    summary: `Alert "${row.dedupKey}" ${row.decision}: ${row.reason}`,
    details: {
      dedupKey: row.dedupKey,
      integrationId: row.integrationId,
      episode: row.episode,
      decision: row.decision,
      rule: row.rule,
      deliveryId: row.deliveryId,
      count: row.count,
    },
  };
}

/** Decisions made at the same instant: an alert is placed (opened, reopened) before others join it. */
const RANK_OF: Record<AlertDecision, number> = {
  opened: 0,
  reopened: 0,
  joined: 1,
  deduplicated: 2,
  updated: 2,
  resolved: 2,
};

/**
 * Pure: the entries of an incident's decision rows in time order; at equal times placements
 * first, then joins, then the rest, by dedup key, each alert's in stream order.
 */
export function alertTimelineEntries(
  rows: readonly IncidentAlertRow[],
  incidentId: string,
): TimelineEntry[] {
  return [...rows]
    .sort(
      (a, b) =>
        Date.parse(a.at) - Date.parse(b.at) ||
        RANK_OF[a.decision] - RANK_OF[b.decision] ||
        a.dedupKey.localeCompare(b.dedupKey) ||
        a.streamId.localeCompare(b.streamId) ||
        a.position - b.position,
    )
    .map((row) => alertTimelineEntryOf(row, incidentId));
}

/** Adds every alert decision about an incident to its timeline (kind `alert`). */
@Injectable()
export class AlertTimelineContribution implements TimelineContribution {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async entriesFor(incidentId: string): Promise<TimelineEntry[]> {
    return alertTimelineEntries(await readIncidentAlertRows(this.db, incidentId), incidentId);
  }
}
