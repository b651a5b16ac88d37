import type { RecordedEvent } from '@sitrep/event-store';
import type { AlertAttachment, AlertEvent, AttachRule } from '../../domain';

export type AlertDecision =
  'opened' | 'joined' | 'reopened' | 'deduplicated' | 'updated' | 'resolved';

export interface IncidentAlertRow {
  streamId: string;
  position: number;
  incidentId: string | null;
  integrationId: string;
  dedupKey: string;
  episode: number;
  decision: AlertDecision;
  rule: AttachRule | null;
  reason: string;
  /** The webhook delivery behind it; its raw body is at `GET /api/v1/deliveries/:id`. */
  deliveryId: string;
  /** Deliveries of the episode so far (deduplicated and updated only). */
  count: number | null;
  at: string;
}

/** Where an alert stream stands: its episode, the episode's incident once decided. */
export interface AlertCursor {
  episode: number;
  incidentId: string | null;
  lastPosition: number;
}

/** An episode's incident became known: rows of that episode written earlier get it too. */
export interface EpisodeAttached {
  streamId: string;
  episode: number;
  incidentId: string;
}

export interface FoldedAlerts {
  rows: IncidentAlertRow[];
  attached: EpisodeAttached[];
  cursors: Map<string, AlertCursor>;
}

const DECISION_OF: Record<AttachRule, AlertDecision> = {
  opened: 'opened',
  'new-after-reopen-window': 'opened',
  grouped: 'joined',
  'still-open': 'joined',
  reopened: 'reopened',
};

/**
 * Pure. Folds a batch of alert-stream events into decision rows; events at or below a stream's
 * last applied position are skipped, so a redelivered or replayed event changes nothing.
 * Returns only the cursors that moved.
 */
export function foldIncidentAlerts(
  stored: ReadonlyMap<string, AlertCursor>,
  events: readonly RecordedEvent[],
): FoldedAlerts {
  const cursors = new Map<string, AlertCursor>();
  const rows: IncidentAlertRow[] = [];
  const attached: EpisodeAttached[] = [];
  /** Rows of this batch still waiting for their episode's incident, by `stream#episode`. */
  const waiting = new Map<string, IncidentAlertRow[]>();
  for (const recorded of events) {
    const before = cursors.get(recorded.streamId) ?? stored.get(recorded.streamId) ?? null;
    if (before && before.lastPosition >= recorded.streamPosition) continue;
    const event = { type: recorded.type, data: recorded.data } as AlertEvent;
    const base = { streamId: recorded.streamId, position: recorded.streamPosition };
    const cursor = cursorAfter(before, event, recorded.streamPosition);
    cursors.set(recorded.streamId, cursor);
    const row = rowOf(event, cursor, base);
    if (!row) continue;
    rows.push(row);
    const episodeKey = `${base.streamId}#${cursor.episode}`;
    if (event.type !== 'AlertAttachedToIncident' || cursor.incidentId === null) {
      if (row.incidentId === null) {
        const list = waiting.get(episodeKey) ?? [];
        list.push(row);
        waiting.set(episodeKey, list);
      }
      continue;
    }
    for (const r of waiting.get(episodeKey) ?? []) r.incidentId = cursor.incidentId;
    waiting.delete(episodeKey);
    // Rows written by earlier batches can wait for it only if the episode was already under way.
    const earlier = stored.get(base.streamId);
    if (earlier && earlier.episode === cursor.episode && earlier.incidentId === null) {
      attached.push({
        streamId: base.streamId,
        episode: cursor.episode,
        incidentId: cursor.incidentId,
      });
    }
  }
  return { rows, attached, cursors };
}

function cursorAfter(before: AlertCursor | null, event: AlertEvent, position: number): AlertCursor {
  const current = before ?? { episode: 1, incidentId: null, lastPosition: 0 };
  switch (event.type) {
    case 'AlertFired':
    case 'AlertRefired': {
      const { episode, attachment } = event.data;
      return { episode, incidentId: attachment?.incidentId ?? null, lastPosition: position };
    }
    case 'AlertAttachedToIncident':
      return event.data.episode === current.episode
        ? { ...current, incidentId: event.data.incidentId, lastPosition: position }
        : { ...current, lastPosition: position };
    case 'AlertRepeated':
    case 'AlertResolved':
      return {
        ...current,
        incidentId: event.data.incidentId ?? current.incidentId,
        lastPosition: position,
      };
    default:
      return unknownEvent(event, current);
  }
}

function rowOf(
  event: AlertEvent,
  cursor: AlertCursor,
  base: { streamId: string; position: number },
): IncidentAlertRow | null {
  const d = event.data;
  const common = {
    ...base,
    incidentId: cursor.incidentId,
    integrationId: d.integrationId,
    dedupKey: d.dedupKey,
    episode: cursor.episode,
  };
  switch (event.type) {
    case 'AlertFired':
    case 'AlertRefired': {
      // Without its attachment not a decision yet: the attach that follows says which incident.
      const { attachment, deliveryId } = event.data;
      return attachment ? attachedRow(common, attachment, deliveryId) : null;
    }
    case 'AlertAttachedToIncident': {
      const e = event.data;
      return e.episode === cursor.episode ? attachedRow(common, e, e.deliveryId) : null;
    }
    case 'AlertRepeated': {
      const e = event.data;
      const together =
        e.deliveryIds && e.deliveryIds.length > 1
          ? `, ${e.deliveryIds.length} of them recorded together`
          : '';
      const reason = `deduplication: same dedup key while its alert is open (${e.count} deliveries${together})${e.payloadChanged ? '; payload changed' : ''}`;
      const decision = e.payloadChanged ? 'updated' : 'deduplicated';
      return {
        ...common,
        decision,
        rule: null,
        reason,
        deliveryId: e.deliveryId,
        count: e.count,
        at: e.receivedAt,
      };
    }
    case 'AlertResolved': {
      const e = event.data;
      const reason = `alert resolved (ended at ${e.endedAt})`;
      return {
        ...common,
        decision: 'resolved',
        rule: null,
        reason,
        deliveryId: e.deliveryId,
        count: null,
        at: e.receivedAt,
      };
    }
    default:
      return unknownEvent(event, null);
  }
}

function attachedRow(
  common: Omit<IncidentAlertRow, 'decision' | 'rule' | 'reason' | 'deliveryId' | 'count' | 'at'>,
  { rule, reason, attachedAt }: AlertAttachment,
  deliveryId: string,
): IncidentAlertRow {
  const decision = DECISION_OF[rule];
  return { ...common, decision, rule, reason, deliveryId, count: null, at: attachedAt };
}

function unknownEvent<T>(_event: never, fallback: T): T {
  return fallback;
}
