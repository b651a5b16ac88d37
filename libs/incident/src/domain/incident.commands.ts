import type { Severity } from './severity';

/*
 * Commands carry their own time and ids: the handler supplies them, so deciding is deterministic
 * and a retried command decides exactly as it did the first time.
 */

export type DeclareIncident = {
  readonly type: 'DeclareIncident';
  readonly data: {
    readonly incidentId: string;
    /** 1..200 characters after trimming; stored trimmed. */
    readonly title: string;
    readonly severity: Severity;
    /** At most 10 000 characters; blank means none. */
    readonly description?: string;
    /** 0..50 entries of 1..100 characters each; duplicates are dropped. */
    readonly services: readonly string[];
    readonly reportedBy: string;
    /** ISO-8601 with a time zone. */
    readonly declaredAt: string;
  };
};

export type AcknowledgeIncident = {
  readonly type: 'AcknowledgeIncident';
  readonly data: {
    readonly incidentId: string;
    readonly acknowledgedBy: string;
    readonly acknowledgedAt: string;
  };
};

export type ResolveIncident = {
  readonly type: 'ResolveIncident';
  readonly data: {
    readonly incidentId: string;
    /** 1..5000 characters after trimming; stored trimmed. */
    readonly resolutionSummary: string;
    readonly resolvedBy: string;
    readonly resolvedAt: string;
  };
};

export type IncidentCommand = DeclareIncident | AcknowledgeIncident | ResolveIncident;

export type IncidentCommandType = IncidentCommand['type'];
