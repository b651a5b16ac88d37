import type { ResponseEvent } from '../events/response.events';
import type { Role } from '../incident.vocabulary';
import type { ExistingIncident, IncidentState, Roles } from './state.types';

/** Roles, notifications and the huddle cycle: facts about any incident that exists. */
export function evolveResponse(state: IncidentState, event: ResponseEvent): IncidentState {
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'RoleAssigned':
      return { ...state, roles: assigned(state.roles, event.data.role, event.data.person) };
    case 'RoleUnassigned':
      return { ...state, roles: unassigned(state.roles, event.data.role, event.data.person) };
    case 'NotificationsRequested': {
      const requested = [...state.notifications.requested, ...event.data.contacts];
      return { ...state, notifications: { ...state.notifications, requested } };
    }
    case 'NotificationAcknowledged':
      return notificationAcknowledged(state, event.data.contact, event.data.acknowledgedAt);
    default:
      return evolveHuddles(state, event);
  }
}

function assigned(roles: Roles, role: Role, person: string): Roles {
  if (role !== 'investigator') return { ...roles, [role]: person };
  if (roles.investigators.includes(person)) return roles;
  return { ...roles, investigators: [...roles.investigators, person] };
}

function unassigned(roles: Roles, role: Role, person: string): Roles {
  if (role === 'investigator') {
    return { ...roles, investigators: roles.investigators.filter((p) => p !== person) };
  }
  return roles[role] === person ? { ...roles, [role]: null } : roles;
}

function notificationAcknowledged(state: ExistingIncident, contact: string, at: string) {
  if (state.notifications.acknowledged[contact] !== undefined) return state;
  const acknowledged = { ...state.notifications.acknowledged, [contact]: at };
  return { ...state, notifications: { ...state.notifications, acknowledged } };
}

type HuddleEvent = Extract<
  ResponseEvent,
  { type: 'InvestigationTimeboxStarted' | 'HuddleDue' | 'HuddleHeld' | 'HuddleOverdue' }
>;

function evolveHuddles(state: ExistingIncident, event: HuddleEvent): IncidentState {
  const { huddles } = state;
  switch (event.type) {
    case 'InvestigationTimeboxStarted': {
      const { round, startedAt, endsAt } = event.data;
      return { ...state, huddles: { phase: 'investigating', round, startedAt, endsAt } };
    }
    case 'HuddleDue': {
      if (huddles.phase !== 'investigating' || huddles.round !== event.data.round) return state;
      return { ...state, huddles: { phase: 'due', round: huddles.round, dueAt: event.data.dueAt } };
    }
    case 'HuddleOverdue': {
      if (huddles.phase !== 'due' || huddles.round !== event.data.round) return state;
      const { dueAt, overdueAt } = event.data;
      return { ...state, huddles: { phase: 'overdue', round: huddles.round, dueAt, overdueAt } };
    }
    case 'HuddleHeld': {
      const { huddleId } = event.data;
      const recorded = { ...state.recorded, [`huddle:${huddleId}`]: true as const };
      return { ...state, recorded, huddles: { phase: 'held', round: huddles.round, huddleId } };
    }
    default:
      return ignore(state, event);
  }
}

function ignore(state: IncidentState, _event: never): IncidentState {
  return state;
}
