import type { RecordedEvent } from '@sitrep/event-store';
import type { IncidentEvent, LifecycleEvent, RecordEvent } from '../../domain';

export type TimelineKind =
  | 'declaration'
  | 'acknowledgement'
  | 'resolution'
  | 'triage'
  | 'confirmation'
  | 'dismissal'
  | 'mitigation'
  | 'closure'
  | 'reopening'
  | 'severity'
  | 'role'
  | 'notification'
  | 'timebox'
  | 'huddle'
  | 'decision'
  | 'action'
  | 'update'
  | 'note'
  | 'correction';

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
      const { kind, occurredAt, actor, summary } = describe(event);
      return { ...common, kind, occurredAt, actor, summary };
    }
  }
}

type Described = Pick<TimelineEntry, 'kind' | 'occurredAt' | 'actor' | 'summary'>;
type NewerEvent = Exclude<
  IncidentEvent,
  { type: 'IncidentDeclared' | 'IncidentAcknowledged' | 'IncidentResolved' }
>;

const at = (kind: TimelineKind, occurredAt: string, actor: string, summary: string) => ({
  kind,
  occurredAt,
  actor,
  summary,
});

/** Timers and the notifier act for Sitrep itself. */
const SITREP = 'sitrep';

function describe(event: NewerEvent): Described {
  switch (event.type) {
    case 'PotentialIncidentOpened': {
      const d = event.data;
      return at(
        'triage',
        d.openedAt,
        d.reportedBy,
        `Potential incident: ${d.title} (${d.severity})`,
      );
    }
    case 'IncidentConfirmed':
      return at(
        'confirmation',
        event.data.confirmedAt,
        event.data.confirmedBy,
        'Confirmed as an incident',
      );
    case 'PotentialIncidentDismissed': {
      const d = event.data;
      return at('dismissal', d.dismissedAt, d.dismissedBy, `Dismissed: ${d.reason}`);
    }
    case 'IncidentMitigated': {
      const d = event.data;
      return at('mitigation', d.mitigatedAt, d.mitigatedBy, `Mitigated: ${d.summary}`);
    }
    case 'IncidentClosed':
      return at('closure', event.data.closedAt, event.data.closedBy, 'Closed after the wash-up');
    case 'IncidentReopened': {
      const d = event.data;
      return at('reopening', d.reopenedAt, d.reopenedBy, `Reopened: ${d.reason}`);
    }
    case 'SeverityChanged': {
      const d = event.data;
      return at('severity', d.changedAt, d.changedBy, `Severity ${d.from} → ${d.to}: ${d.reason}`);
    }
    default:
      return describeResponse(event);
  }
}

function describeResponse(event: Exclude<NewerEvent, LifecycleEvent>): Described {
  switch (event.type) {
    case 'RoleAssigned': {
      const d = event.data;
      const handover = d.previousHolder === null ? '' : ` (from ${d.previousHolder})`;
      return at('role', d.assignedAt, d.assignedBy, `${d.person} is ${d.role}${handover}`);
    }
    case 'RoleUnassigned': {
      const d = event.data;
      return at('role', d.unassignedAt, d.unassignedBy, `${d.person} is no longer ${d.role}`);
    }
    case 'NotificationsRequested': {
      const d = event.data;
      const who = d.contacts.map((c) => c.name).join(', ') || 'nobody';
      return at('notification', d.requestedAt, SITREP, `Notifying ${who}`);
    }
    case 'NotificationAcknowledged': {
      const d = event.data;
      return at('notification', d.acknowledgedAt, d.contact, `${d.contact} acknowledged`);
    }
    case 'InvestigationTimeboxStarted': {
      const d = event.data;
      return at('timebox', d.startedAt, d.startedBy, `Investigating for ${d.minutes} minutes`);
    }
    case 'HuddleDue':
      return at('huddle', event.data.dueAt, SITREP, 'Huddle due');
    case 'HuddleOverdue':
      return at('huddle', event.data.overdueAt, SITREP, 'Huddle overdue');
    case 'HuddleHeld': {
      const d = event.data;
      return at('huddle', d.startedAt, d.recordedBy, `Huddle: ${d.summary}`);
    }
    default:
      return describeRecord(event);
  }
}

function describeRecord(event: RecordEvent): Described {
  switch (event.type) {
    case 'DecisionRecorded': {
      const d = event.data;
      return at('decision', d.decidedAt, d.decidedBy, `Decided (${d.kind}): ${d.decision}`);
    }
    case 'ActionAdded': {
      const d = event.data;
      return at('action', d.addedAt, d.addedBy, `Action for ${d.owner}: ${d.description}`);
    }
    case 'ActionStarted':
      return at('action', event.data.startedAt, event.data.startedBy, 'Action started');
    case 'ActionCompleted':
      return at('action', event.data.completedAt, event.data.completedBy, 'Action completed');
    case 'ActionCancelled': {
      const d = event.data;
      return at('action', d.cancelledAt, d.cancelledBy, `Action cancelled: ${d.reason}`);
    }
    case 'UpdatePosted': {
      const d = event.data;
      return at('update', d.postedAt, d.postedBy, `Update (${d.audience}): ${d.body}`);
    }
    case 'NoteAdded':
      return at('note', event.data.addedAt, event.data.addedBy, event.data.text);
    case 'CorrectionRecorded': {
      // occurredAt is when it actually happened; recordedAt (from the store) is when we learned.
      const d = event.data;
      return at('correction', d.actuallyHappenedAt, d.recordedBy, `Correction: ${d.whatWasWrong}`);
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
