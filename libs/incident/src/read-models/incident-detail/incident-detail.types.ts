import type {
  Contact,
  DecisionKind,
  ExternalCommunication,
  IncidentPlan,
  RejectedOption,
  Role,
  Roles,
  UpdateAudience,
} from '../../domain';
import type { Deadline } from '../schedule/deadlines';
import type { HuddleClock } from '../schedule/huddle-clock';

export type RoleChange = {
  role: Role;
  person: string;
  change: 'assigned' | 'unassigned';
  /** For a handover of a single-holder role: who held it before. */
  previousHolder: string | null;
  by: string;
  at: string;
};

export type NotifiedContact = Contact & { requestedAt: string; acknowledgedAt: string | null };

export type Timebox = { round: number; minutes: number; startedAt: string; endsAt: string };

export type HeldHuddle = {
  huddleId: string;
  round: number;
  startedAt: string;
  endedAt: string;
  attendees: string[];
  summary: string;
  overran: boolean;
};

/** The huddle rhythm: `due` / `overdue` once a timer recorded it; `last` is the latest huddle held. */
export type DetailHuddles = HuddleClock & {
  due: boolean;
  overdue: boolean;
  held: number;
  last: HeldHuddle | null;
};

export type DecisionView = {
  decisionId: string;
  kind: DecisionKind;
  decision: string;
  rationale: string;
  decidedBy: string;
  decidedAt: string;
  optionsRejected: RejectedOption[];
  communication: ExternalCommunication | null;
  supersedes: string | null;
  /** The decision that replaced this one; null while it stands. */
  supersededBy: string | null;
};

export type ActionView = {
  actionId: string;
  description: string;
  owner: string;
  status: 'open' | 'started';
  dueAt: string | null;
  /** The decision this action carries out. */
  decisionId: string | null;
  addedAt: string;
};

export type UpdateView = {
  updateId: string;
  audience: UpdateAudience;
  postedBy: string;
  postedAt: string;
};

export interface IncidentDetail {
  id: string;
  title: string;
  severity: string;
  status: string;
  description: string | null;
  services: string[];
  reportedBy: string;
  declaredAt: string;
  acknowledgement: { by: string; at: string } | null;
  resolution: { summary: string; by: string; at: string } | null;
  updatedAt: string;
  /** The incident's stream version this document reflects (the ETag of the incident). */
  version: number;
  /** The response plan it runs under (id and version null when declared without one). */
  plan: IncidentPlan;
  roles: Roles;
  roleHistory: RoleChange[];
  notifications: NotifiedContact[];
  /** The latest investigation timebox. */
  timebox: Timebox | null;
  huddles: DetailHuddles;
  /** The current plan: decisions that stand, oldest first; and those replaced since. */
  decisions: { current: DecisionView[]; superseded: DecisionView[] };
  openActions: ActionView[];
  closedActions: { completed: number; cancelled: number };
  updates: {
    last: UpdateView | null;
    /** When the current update cadence started: the last update, or declaration, confirmation, reopening. */
    owedSince: string | null;
    /** owedSince plus the plan's internal update minutes, while the incident is worked. */
    nextDueAt: string | null;
  };
  corrections: number;
  /** The earliest deadline still ahead of the record: huddle due or overdue, update, action. */
  nextDue: Deadline | null;
}
