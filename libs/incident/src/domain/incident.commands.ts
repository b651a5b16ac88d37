import type { LifecycleCommand } from './commands/lifecycle.commands';
import type { RecordCommand } from './commands/record.commands';
import type { ResponseCommand } from './commands/response.commands';
import type { Severity } from './severity';
import type { PlanInForce } from './shared/plan-terms';

export type * from './commands/lifecycle.commands';
export type * from './commands/response.commands';
export type * from './commands/record.commands';

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
    /**
     * The response plan in force, loaded by the handler. With it, the declaration also requests
     * the plan's notifications (even to nobody, when it lists no contacts) and starts the first
     * investigation timebox. Without it (callers from before plans existed) only IncidentDeclared
     * is recorded, and the incident runs under `defaultPlanTerms` with no timebox until one starts.
     */
    readonly plan?: PlanInForce;
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

export type IncidentCommand =
  | DeclareIncident
  | AcknowledgeIncident
  | ResolveIncident
  | LifecycleCommand
  | ResponseCommand
  | RecordCommand;

export type IncidentCommandType = IncidentCommand['type'];
