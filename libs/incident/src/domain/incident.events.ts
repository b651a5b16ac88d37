import type { Severity } from './severity';

/*
 * Event types are stored in the event store and published to Kafka: never rename one. Adding an
 * optional field needs nothing; a new required field bumps the schema version (see versioning/).
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

export type IncidentEvent = IncidentDeclared | IncidentAcknowledged | IncidentResolved;

export type IncidentEventType = IncidentEvent['type'];

// A Record, so that adding an event to the union without listing it here fails to compile.
const listedEventTypes: Record<IncidentEventType, true> = {
  IncidentDeclared: true,
  IncidentAcknowledged: true,
  IncidentResolved: true,
};

export const incidentEventTypes = Object.freeze(
  Object.keys(listedEventTypes) as IncidentEventType[],
) as readonly IncidentEventType[];

/** For readers of the store and of Kafka, which also carry other streams' events. */
export function isIncidentEventType(type: string): type is IncidentEventType {
  return (incidentEventTypes as readonly string[]).includes(type);
}
