import type { RecordedEvent } from '@sitrep/event-store';
import type { IncidentEvent } from '../../domain';

export type TimelineKind = 'declaration' | 'acknowledgement' | 'resolution';

export interface TimelineEntry {
  incidentId: string;
  position: number;
  eventId: string;
  type: string;
  kind: TimelineKind;
  /** When it happened, as the event states it. */
  occurredAt: string;
  /** When Sitrep recorded it (differs from occurredAt for corrections and late reports). */
  recordedAt: string;
  actor: string;
  summary: string;
  details: Record<string, unknown>;
}

/** Pure: one timeline entry per incident event, saying when, what and who. */
export function timelineEntryOf(recorded: RecordedEvent): TimelineEntry {
  const event = { type: recorded.type, data: recorded.data } as IncidentEvent;
  const common = {
    incidentId: event.data.incidentId,
    position: recorded.streamPosition,
    eventId: recorded.eventId,
    type: recorded.type,
    recordedAt: recorded.recordedAt.toISOString(),
    details: recorded.data,
  };
  switch (event.type) {
    case 'IncidentDeclared':
      return {
        ...common,
        kind: 'declaration',
        occurredAt: event.data.declaredAt,
        actor: event.data.reportedBy,
        summary: `Incident declared: ${event.data.title} (${event.data.severity})`,
      };
    case 'IncidentAcknowledged':
      return {
        ...common,
        kind: 'acknowledgement',
        occurredAt: event.data.acknowledgedAt,
        actor: event.data.acknowledgedBy,
        summary: `Acknowledged by ${event.data.acknowledgedBy}`,
      };
    case 'IncidentResolved':
      return {
        ...common,
        kind: 'resolution',
        occurredAt: event.data.resolvedAt,
        actor: event.data.resolvedBy,
        summary: `Resolved: ${event.data.resolutionSummary}`,
      };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
