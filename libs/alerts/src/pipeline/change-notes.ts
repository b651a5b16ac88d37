import { openStatuses, type IncidentState } from '@sitrep/incident';
import type { Database } from '@sitrep/platform';
import type { Handshake } from '../alert-source';
import { CHANGE_ACTION, type ChangeDetail } from '../sources/pagerduty/pagerduty-change';

/** What a change did, recorded with its delivery's processing outcome. */
export interface ChangeOutcome {
  service?: string;
  /** The open incidents of its service it was noted on. */
  notedOn: string[];
  reason: string;
}

/** At most this many incidents of one service get a change's note (a storm has one per alert). */
const MAX_INCIDENTS = 50;

/** The change a delivery recorded (PagerDuty's change events), if it is one. */
export function changeOf(handshake: Handshake | null | undefined): ChangeDetail | undefined {
  if (handshake?.action !== CHANGE_ACTION) return undefined;
  const { summary, at, service, source, link } = handshake.detail;
  return summary && at ? { summary, at, service, source, link } : undefined;
}

/**
 * Open incidents naming the service, from the incident list; it may trail the event log by a
 * moment, so each is checked against its stream before it is noted (isOpenFor).
 */
export async function openIncidentsNaming(db: Database, service: string): Promise<string[]> {
  const rows = await db.query<{ incident_id: string }>(
    `SELECT incident_id FROM incident_list
      WHERE status = ANY($1::text[]) AND services ? $2
      ORDER BY declared_at DESC, incident_id LIMIT ${MAX_INCIDENTS}`,
    [openStatuses, service],
  );
  return rows.map((r) => r.incident_id);
}

export function isOpenFor(state: IncidentState, service: string): boolean {
  return (
    state.status !== 'none' &&
    (openStatuses as readonly string[]).includes(state.status) &&
    state.services.includes(service)
  );
}

/** The note's text: what changed, where it came from, when, and where to read more. */
export function changeNoteText(change: ChangeDetail): string {
  const from = change.source ? ` (${change.source})` : '';
  const link = change.link ? `\n${change.link}` : '';
  return `Change: ${change.summary}${from} at ${change.at}${link}`;
}
