import type { PlanInForce, PlanReference } from '../shared/plan-terms';
import type { Severity } from '../severity';

/* Times are ISO-8601 with a time zone; free text is trimmed, and limits are in the decide/ files. */

export type OpenPotentialIncident = {
  readonly type: 'OpenPotentialIncident';
  readonly data: {
    readonly incidentId: string;
    readonly title: string;
    readonly severity: Severity;
    readonly description?: string;
    readonly services: readonly string[];
    readonly reportedBy: string;
    readonly openedAt: string;
    /** The plan in force now (contacts are not needed yet: nobody is notified in triage). */
    readonly plan: PlanReference;
  };
};

export type ConfirmIncident = {
  readonly type: 'ConfirmIncident';
  readonly data: {
    readonly incidentId: string;
    readonly confirmedBy: string;
    readonly confirmedAt: string;
    /** The plan in force now, with the contacts to notify; the handler loads it. */
    readonly plan: PlanInForce;
  };
};

export type DismissPotentialIncident = {
  readonly type: 'DismissPotentialIncident';
  readonly data: {
    readonly incidentId: string;
    readonly reason: string;
    readonly dismissedBy: string;
    readonly dismissedAt: string;
  };
};

export type MitigateIncident = {
  readonly type: 'MitigateIncident';
  readonly data: {
    readonly incidentId: string;
    readonly summary: string;
    readonly mitigatedBy: string;
    readonly mitigatedAt: string;
  };
};

export type CloseIncident = {
  readonly type: 'CloseIncident';
  readonly data: {
    readonly incidentId: string;
    readonly closedBy: string;
    readonly closedAt: string;
    readonly washUpReference?: string;
    readonly washUpSummary?: string;
  };
};

export type ReopenIncident = {
  readonly type: 'ReopenIncident';
  readonly data: {
    readonly incidentId: string;
    readonly reason: string;
    readonly reopenedBy: string;
    readonly reopenedAt: string;
  };
};

export type ChangeSeverity = {
  readonly type: 'ChangeSeverity';
  readonly data: {
    readonly incidentId: string;
    readonly severity: Severity;
    readonly reason: string;
    readonly changedBy: string;
    readonly changedAt: string;
  };
};

export type LifecycleCommand =
  | OpenPotentialIncident
  | ConfirmIncident
  | DismissPotentialIncident
  | MitigateIncident
  | CloseIncident
  | ReopenIncident
  | ChangeSeverity;
