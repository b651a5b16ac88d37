import type { PlanReference } from '../shared/plan-terms';
import type { Severity } from '../severity';

/* How an incident moves through its statuses. Times are ISO-8601 strings in UTC. */

/** Step 0: something might be wrong. The potential incident lives in the same stream it will keep. */
export type PotentialIncidentOpened = {
  readonly type: 'PotentialIncidentOpened';
  readonly data: {
    readonly incidentId: string;
    readonly title: string;
    readonly severity: Severity;
    readonly description?: string;
    readonly services: string[];
    readonly reportedBy: string;
    readonly openedAt: string;
    readonly plan: PlanReference;
  };
};

/** The potential incident is a real one: from here on it is declared, with its history kept. */
export type IncidentConfirmed = {
  readonly type: 'IncidentConfirmed';
  readonly data: {
    readonly incidentId: string;
    readonly confirmedBy: string;
    readonly confirmedAt: string;
    /** The plan in force at confirmation, which may be newer than the one at opening. */
    readonly plan: PlanReference;
  };
};

export type PotentialIncidentDismissed = {
  readonly type: 'PotentialIncidentDismissed';
  readonly data: {
    readonly incidentId: string;
    readonly reason: string;
    readonly dismissedBy: string;
    readonly dismissedAt: string;
  };
};

export type IncidentMitigated = {
  readonly type: 'IncidentMitigated';
  readonly data: {
    readonly incidentId: string;
    readonly summary: string;
    readonly mitigatedBy: string;
    readonly mitigatedAt: string;
  };
};

/** After the wash-up. */
export type IncidentClosed = {
  readonly type: 'IncidentClosed';
  readonly data: {
    readonly incidentId: string;
    readonly closedBy: string;
    readonly closedAt: string;
    /** Where the wash-up lives (a document link, a ticket); absent when none was given. */
    readonly washUpReference?: string;
    readonly washUpSummary?: string;
  };
};

export type IncidentReopened = {
  readonly type: 'IncidentReopened';
  readonly data: {
    readonly incidentId: string;
    readonly reason: string;
    readonly reopenedBy: string;
    readonly reopenedAt: string;
  };
};

export type SeverityChanged = {
  readonly type: 'SeverityChanged';
  readonly data: {
    readonly incidentId: string;
    readonly from: Severity;
    readonly to: Severity;
    readonly reason: string;
    readonly changedBy: string;
    readonly changedAt: string;
  };
};

export type LifecycleEvent =
  | PotentialIncidentOpened
  | IncidentConfirmed
  | PotentialIncidentDismissed
  | IncidentMitigated
  | IncidentClosed
  | IncidentReopened
  | SeverityChanged;
