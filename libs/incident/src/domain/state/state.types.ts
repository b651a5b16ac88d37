import type { DecisionKind } from '../incident.vocabulary';
import type { Severity } from '../severity';
import type { Contact, PlanTerms } from '../shared/plan-terms';

export type Acknowledgement = { readonly by: string; readonly at: string };

export type Resolution = { readonly summary: string; readonly by: string; readonly at: string };

/** The plan an incident runs under; id and version are null when it was declared without one. */
export type IncidentPlan = PlanTerms & {
  readonly planId: string | null;
  readonly version: number | null;
};

export type Roles = {
  readonly commander: string | null;
  readonly 'communications-lead': string | null;
  readonly scribe: string | null;
  readonly investigators: readonly string[];
};

export type Notifications = {
  readonly requested: readonly Contact[];
  /** Contact name → when that contact acknowledged (the first acknowledgement counts). */
  readonly acknowledged: Readonly<Record<string, string>>;
};

/**
 * Investigate, then huddle. `round` is the number of the latest timebox (0 before the first).
 * `idle`: no timebox running (none started yet, or the incident was reopened).
 */
export type HuddleCycle =
  | { readonly phase: 'idle'; readonly round: number }
  | {
      readonly phase: 'investigating';
      readonly round: number;
      readonly startedAt: string;
      readonly endsAt: string;
    }
  | { readonly phase: 'due'; readonly round: number; readonly dueAt: string }
  | {
      readonly phase: 'overdue';
      readonly round: number;
      readonly dueAt: string;
      readonly overdueAt: string;
    }
  | { readonly phase: 'held'; readonly round: number; readonly huddleId: string };

export type DecisionSummary = {
  readonly kind: DecisionKind;
  readonly decidedAt: string;
  /** The decision that replaced this one; null while it stands. */
  readonly supersededBy: string | null;
};

export type ActionStatus = 'open' | 'started' | 'completed' | 'cancelled';

export type ActionSummary = {
  readonly status: ActionStatus;
  readonly owner: string;
  readonly decisionId: string | null;
};

/** The working record every incident carries, potential or declared, from its first event on. */
export type IncidentResponse = {
  readonly plan: IncidentPlan;
  readonly roles: Roles;
  readonly notifications: Notifications;
  readonly huddles: HuddleCycle;
  readonly decisions: Readonly<Record<string, DecisionSummary>>;
  readonly actions: Readonly<Record<string, ActionSummary>>;
  /** Ids of huddles, updates, notes and corrections already recorded, as `kind:id`. */
  readonly recorded: Readonly<Record<string, true>>;
};

export type IncidentBasics = IncidentResponse & {
  readonly incidentId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly description: string | null;
  readonly services: readonly string[];
  readonly reportedBy: string;
  /** `null` until someone acknowledges; an incident may be resolved without ever being acknowledged. */
  readonly acknowledged: Acknowledgement | null;
};

/** Step 0: something might be wrong. */
export type PotentialIncident = IncidentBasics & { readonly openedAt: string };

export type TriageIncident = PotentialIncident & { readonly status: 'triage' };

export type DismissedIncident = PotentialIncident & {
  readonly status: 'dismissed';
  readonly dismissal: { readonly reason: string; readonly by: string; readonly at: string };
};

/** What every declared incident carries, whatever its status. */
export type DeclaredIncident = IncidentBasics & {
  /** When it was declared, or confirmed from triage. */
  readonly declaredAt: string;
  /** Null when declared directly; else when it was opened in triage and who confirmed it. */
  readonly confirmation: { readonly openedAt: string; readonly by: string } | null;
};

export type NoIncident = { readonly status: 'none' };

export type InvestigatingIncident = DeclaredIncident & { readonly status: 'investigating' };

export type MitigatedIncident = DeclaredIncident & {
  readonly status: 'mitigated';
  readonly mitigation: Resolution;
};

export type ResolvedIncident = DeclaredIncident & {
  readonly status: 'resolved';
  readonly resolution: Resolution;
};

export type Closure = {
  readonly by: string;
  readonly at: string;
  readonly washUpReference: string | null;
  readonly washUpSummary: string | null;
};

export type ClosedIncident = DeclaredIncident & {
  readonly status: 'closed';
  readonly resolution: Resolution;
  readonly closure: Closure;
};

export type IncidentState =
  | NoIncident
  | TriageIncident
  | InvestigatingIncident
  | MitigatedIncident
  | ResolvedIncident
  | ClosedIncident
  | DismissedIncident;

export type IncidentStatus = IncidentState['status'];

export type ExistingIncident = Exclude<IncidentState, NoIncident>;
