import type { IncidentEvent, Role, Roles } from '../../domain';
import {
  evolveHuddleClock,
  idleAfterReopening,
  idleHuddleClock,
  type HuddleClock,
} from '../schedule/huddle-clock';
import type { DecisionView, DetailHuddles, IncidentDetail } from './incident-detail.types';

/* The detail document's sections, each a pure function of the section and one event. */

type Data<T extends IncidentEvent['type']> = Extract<IncidentEvent, { type: T }>['data'];

export const noRoles: Roles = {
  commander: null,
  'communications-lead': null,
  scribe: null,
  investigators: [],
};

export function withHuddleClock(huddles: DetailHuddles, clock: HuddleClock): DetailHuddles {
  const due = clock.phase === 'due' || clock.phase === 'overdue';
  return { ...huddles, ...clock, due, overdue: clock.phase === 'overdue' };
}

export const freshHuddles: DetailHuddles = withHuddleClock(
  { ...idleHuddleClock, due: false, overdue: false, held: 0, last: null },
  idleHuddleClock,
);

export function huddlesAfter(doc: IncidentDetail, event: IncidentEvent): DetailHuddles {
  const clockOf = ({ round, phase, dueAt, overdueAt }: DetailHuddles): HuddleClock => ({
    round,
    phase,
    dueAt,
    overdueAt,
  });
  const huddles = withHuddleClock(
    doc.huddles,
    event.type === 'IncidentReopened'
      ? idleAfterReopening(clockOf(doc.huddles))
      : evolveHuddleClock(clockOf(doc.huddles), event, doc.plan.huddleMinutes),
  );
  if (event.type !== 'HuddleHeld') return huddles;
  const d = event.data;
  const last = {
    huddleId: d.huddleId,
    round: d.round,
    startedAt: d.startedAt,
    endedAt: d.endedAt,
    attendees: d.attendees,
    summary: d.summary,
    overran: d.overran,
  };
  return { ...huddles, held: huddles.held + 1, last };
}

export function rolesAfter(roles: Roles, role: Role, person: string, assigned: boolean): Roles {
  if (role === 'investigator') {
    const others = roles.investigators.filter((p) => p !== person);
    return { ...roles, investigators: assigned ? [...others, person] : others };
  }
  if (assigned) return { ...roles, [role]: person };
  return roles[role] === person ? { ...roles, [role]: null } : roles;
}

export function decisionsAfter(
  decisions: IncidentDetail['decisions'],
  d: Data<'DecisionRecorded'>,
): IncidentDetail['decisions'] {
  const all = [...decisions.current, ...decisions.superseded];
  if (all.some((x) => x.decisionId === d.decisionId)) return decisions;
  const recorded: DecisionView = {
    decisionId: d.decisionId,
    kind: d.kind,
    decision: d.decision,
    rationale: d.rationale,
    decidedBy: d.decidedBy,
    decidedAt: d.decidedAt,
    optionsRejected: d.optionsRejected,
    communication: d.communication ?? null,
    supersedes: d.supersedes ?? null,
    supersededBy: null,
  };
  const replaced = decisions.current.find((x) => x.decisionId === d.supersedes);
  if (replaced === undefined) return { ...decisions, current: [...decisions.current, recorded] };
  return {
    current: [...decisions.current.filter((x) => x !== replaced), recorded],
    superseded: [...decisions.superseded, { ...replaced, supersededBy: d.decisionId }],
  };
}

type ActionsPart = Pick<IncidentDetail, 'openActions' | 'closedActions'>;

export function actionsAfter(doc: ActionsPart, event: IncidentEvent): ActionsPart {
  switch (event.type) {
    case 'ActionAdded': {
      const d = event.data;
      if (doc.openActions.some((a) => a.actionId === d.actionId)) return doc;
      const action = {
        actionId: d.actionId,
        description: d.description,
        owner: d.owner,
        status: 'open' as const,
        dueAt: d.dueAt ?? null,
        decisionId: d.decisionId ?? null,
        addedAt: d.addedAt,
      };
      return { ...doc, openActions: [...doc.openActions, action] };
    }
    case 'ActionStarted': {
      const { actionId } = event.data;
      const openActions = doc.openActions.map((a) =>
        a.actionId === actionId ? { ...a, status: 'started' as const } : a,
      );
      return { ...doc, openActions };
    }
    case 'ActionCompleted':
    case 'ActionCancelled': {
      const { actionId } = event.data;
      if (!doc.openActions.some((a) => a.actionId === actionId)) return doc;
      const outcome = event.type === 'ActionCompleted' ? 'completed' : 'cancelled';
      return {
        openActions: doc.openActions.filter((a) => a.actionId !== actionId),
        closedActions: { ...doc.closedActions, [outcome]: doc.closedActions[outcome] + 1 },
      };
    }
    default:
      return doc;
  }
}
