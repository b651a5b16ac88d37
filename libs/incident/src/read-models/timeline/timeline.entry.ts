import type { RecordedEvent } from '@sitrep/event-store';
import type { IncidentEvent, IncidentEventType, LifecycleEvent, RecordEvent } from '../../domain';

/**
 * The timeline kind of every incident event type: the one list the entries and the kind filter
 * are derived from. A Record, so an event type added to the domain without a kind fails to compile.
 */
export const timelineKindOf = {
  IncidentDeclared: 'declaration',
  IncidentAcknowledged: 'acknowledgement',
  IncidentResolved: 'resolution',
  PotentialIncidentOpened: 'triage',
  IncidentConfirmed: 'confirmation',
  PotentialIncidentDismissed: 'dismissal',
  IncidentMitigated: 'mitigation',
  IncidentClosed: 'closure',
  IncidentReopened: 'reopening',
  SeverityChanged: 'severity',
  RoleAssigned: 'role',
  RoleUnassigned: 'role',
  NotificationsRequested: 'notification',
  NotificationAcknowledged: 'notification',
  InvestigationTimeboxStarted: 'timebox',
  HuddleDue: 'huddle',
  HuddleHeld: 'huddle',
  HuddleOverdue: 'huddle',
  DecisionRecorded: 'decision',
  ActionAdded: 'action',
  ActionStarted: 'action',
  ActionCompleted: 'action',
  ActionCancelled: 'action',
  UpdatePosted: 'update',
  NoteAdded: 'note',
  CorrectionRecorded: 'correction',
} as const satisfies Record<IncidentEventType, string>;

/** The kind of an incident event's entry. */
export type IncidentTimelineKind = (typeof timelineKindOf)[IncidentEventType];

/** The kind of the entries other modules add (TimelineContributions): the alert decisions. */
export type ContributedTimelineKind = 'alert';

export type TimelineKind = IncidentTimelineKind | ContributedTimelineKind;

/** Every kind an incident event's entry can have, in the order of the event types above. */
export const timelineKinds = Object.freeze([
  ...new Set(Object.values(timelineKindOf)),
]) as readonly IncidentTimelineKind[];

/** The kinds of contributed entries (alert decisions, kept by the alerts library). */
export const contributedTimelineKinds = Object.freeze([
  'alert',
] as const) satisfies readonly ContributedTimelineKind[];

/** Every kind the timeline can show, and so the kind filter accepts: the incident's, then contributed. */
export const allTimelineKinds: readonly TimelineKind[] = Object.freeze([
  ...timelineKinds,
  ...contributedTimelineKinds,
]);

export interface TimelineEntry {
  incidentId: string;
  /**
   * The event's position in its stream: the incident's for its own entries, the alert stream's
   * for alert decisions.
   */
  position: number;
  /** The event's id; for an alert decision `<alert stream id>#<position>` (unique, stable). */
  eventId: string;
  /** The event type; for an alert decision `Alert<Decision>` (AlertOpened, AlertJoined, …). */
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
    kind: timelineKindOf[event.type],
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
        occurredAt: event.data.declaredAt,
        actor: event.data.reportedBy,
        summary: `Incident declared: ${event.data.title} (${event.data.severity})`,
      };
    case 'IncidentAcknowledged':
      return {
        ...common,
        occurredAt: event.data.acknowledgedAt,
        actor: event.data.acknowledgedBy,
        summary: `Acknowledged by ${event.data.acknowledgedBy}`,
      };
    case 'IncidentResolved':
      return {
        ...common,
        occurredAt: event.data.resolvedAt,
        actor: event.data.resolvedBy,
        summary: `Resolved: ${event.data.resolutionSummary}`,
      };
    default: {
      return { ...common, ...describe(event) };
    }
  }
}

type NewerEvent = Exclude<
  IncidentEvent,
  { type: 'IncidentDeclared' | 'IncidentAcknowledged' | 'IncidentResolved' }
>;

type Described = Pick<TimelineEntry, 'occurredAt' | 'actor' | 'summary'>;

const at = (occurredAt: string, actor: string, summary: string): Described => ({
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
      return at(d.openedAt, d.reportedBy, `Potential incident: ${d.title} (${d.severity})`);
    }
    case 'IncidentConfirmed':
      return at(event.data.confirmedAt, event.data.confirmedBy, 'Confirmed as an incident');
    case 'PotentialIncidentDismissed': {
      const d = event.data;
      return at(d.dismissedAt, d.dismissedBy, `Dismissed: ${d.reason}`);
    }
    case 'IncidentMitigated': {
      const d = event.data;
      return at(d.mitigatedAt, d.mitigatedBy, `Mitigated: ${d.summary}`);
    }
    case 'IncidentClosed':
      return at(event.data.closedAt, event.data.closedBy, 'Closed after the wash-up');
    case 'IncidentReopened': {
      const d = event.data;
      return at(d.reopenedAt, d.reopenedBy, `Reopened: ${d.reason}`);
    }
    case 'SeverityChanged': {
      const d = event.data;
      return at(d.changedAt, d.changedBy, `Severity ${d.from} → ${d.to}: ${d.reason}`);
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
      return at(d.assignedAt, d.assignedBy, `${d.person} is ${d.role}${handover}`);
    }
    case 'RoleUnassigned': {
      const d = event.data;
      return at(d.unassignedAt, d.unassignedBy, `${d.person} is no longer ${d.role}`);
    }
    case 'NotificationsRequested': {
      const d = event.data;
      const who = d.contacts.map((c) => c.name).join(', ') || 'nobody';
      return at(d.requestedAt, SITREP, `Notifying ${who}`);
    }
    case 'NotificationAcknowledged': {
      const d = event.data;
      return at(d.acknowledgedAt, d.contact, `${d.contact} acknowledged`);
    }
    case 'InvestigationTimeboxStarted': {
      const d = event.data;
      return at(d.startedAt, d.startedBy, `Investigating for ${d.minutes} minutes`);
    }
    case 'HuddleDue':
      return at(event.data.dueAt, SITREP, 'Huddle due');
    case 'HuddleOverdue':
      return at(event.data.overdueAt, SITREP, 'Huddle overdue');
    case 'HuddleHeld': {
      const d = event.data;
      return at(d.startedAt, d.recordedBy, `Huddle: ${d.summary}`);
    }
    default:
      return describeRecord(event);
  }
}

function describeRecord(event: RecordEvent): Described {
  switch (event.type) {
    case 'DecisionRecorded': {
      const d = event.data;
      return at(d.decidedAt, d.decidedBy, `Decided (${d.kind}): ${d.decision}`);
    }
    case 'ActionAdded': {
      const d = event.data;
      return at(d.addedAt, d.addedBy, `Action for ${d.owner}: ${d.description}`);
    }
    case 'ActionStarted':
      return at(event.data.startedAt, event.data.startedBy, 'Action started');
    case 'ActionCompleted':
      return at(event.data.completedAt, event.data.completedBy, 'Action completed');
    case 'ActionCancelled': {
      const d = event.data;
      return at(d.cancelledAt, d.cancelledBy, `Action cancelled: ${d.reason}`);
    }
    case 'UpdatePosted': {
      const d = event.data;
      return at(d.postedAt, d.postedBy, `Update (${d.audience}): ${d.body}`);
    }
    case 'NoteAdded':
      return at(event.data.addedAt, event.data.addedBy, event.data.text);
    case 'CorrectionRecorded': {
      // occurredAt is when it actually happened; recordedAt (from the store) is when we learned.
      const d = event.data;
      return at(d.actuallyHappenedAt, d.recordedBy, `Correction: ${d.whatWasWrong}`);
    }
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
