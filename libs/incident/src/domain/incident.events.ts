import type { LifecycleEvent } from './events/lifecycle.events';
import type { RecordEvent } from './events/record.events';
import type { ResponseEvent } from './events/response.events';
import type { Severity } from './severity';
import type { PlanReference } from './shared/plan-terms';

export type * from './events/lifecycle.events';
export type * from './events/response.events';
export type * from './events/record.events';

/*
 * Event types are stored in the event store and published to Kafka: never rename one. Adding an
 * optional field needs nothing; a new required field bumps the schema version, with an `Upcaster`
 * (@sitrep/event-store) that turns the older shape into the new one on read. None is needed yet.
 * Data is JSON: times are ISO-8601 strings in UTC, never Date objects.
 */

export type IncidentDeclared = {
  readonly type: 'IncidentDeclared';
  readonly data: {
    readonly incidentId: string;
    readonly title: string;
    readonly severity: Severity;
    /** Absent when the reporter gave none. */
    readonly description?: string;
    readonly services: string[];
    readonly reportedBy: string;
    readonly declaredAt: string;
    /**
     * The response plan the incident runs under. Absent in events written before plans existed,
     * and when the declaration came without one: such incidents run under `defaultPlanTerms`.
     */
    readonly plan?: PlanReference;
  };
};

export type IncidentAcknowledged = {
  readonly type: 'IncidentAcknowledged';
  readonly data: {
    readonly incidentId: string;
    readonly acknowledgedBy: string;
    readonly acknowledgedAt: string;
  };
};

export type IncidentResolved = {
  readonly type: 'IncidentResolved';
  readonly data: {
    readonly incidentId: string;
    readonly resolutionSummary: string;
    readonly resolvedBy: string;
    readonly resolvedAt: string;
  };
};

export type IncidentEvent =
  | IncidentDeclared
  | IncidentAcknowledged
  | IncidentResolved
  | LifecycleEvent
  | ResponseEvent
  | RecordEvent;

export type IncidentEventType = IncidentEvent['type'];

// A Record, so that adding an event to the union without listing it here fails to compile.
const listedEventTypes: Record<IncidentEventType, true> = {
  IncidentDeclared: true,
  IncidentAcknowledged: true,
  IncidentResolved: true,
  PotentialIncidentOpened: true,
  IncidentConfirmed: true,
  PotentialIncidentDismissed: true,
  IncidentMitigated: true,
  IncidentClosed: true,
  IncidentReopened: true,
  SeverityChanged: true,
  RoleAssigned: true,
  RoleUnassigned: true,
  NotificationsRequested: true,
  NotificationAcknowledged: true,
  InvestigationTimeboxStarted: true,
  HuddleDue: true,
  HuddleHeld: true,
  HuddleOverdue: true,
  DecisionRecorded: true,
  ActionAdded: true,
  ActionStarted: true,
  ActionCompleted: true,
  ActionCancelled: true,
  UpdatePosted: true,
  NoteAdded: true,
  CorrectionRecorded: true,
};

export const incidentEventTypes = Object.freeze(
  Object.keys(listedEventTypes) as IncidentEventType[],
) as readonly IncidentEventType[];

/** For readers of the store and of Kafka, which also carry other streams' events. */
export function isIncidentEventType(type: string): type is IncidentEventType {
  return (incidentEventTypes as readonly string[]).includes(type);
}
