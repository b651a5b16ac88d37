import type { IncidentEvent } from './incident.events';
import { evolveStatus } from './state/evolve-lifecycle';
import { evolveRecords } from './state/evolve-records';
import { evolveResponse } from './state/evolve-response';
import type { DecisionSummary, IncidentState } from './state/state.types';

export type * from './state/state.types';

export const initialState = (): IncidentState => ({ status: 'none' });

/*
 * Events are facts already stored, so evolve never throws: an event that does not apply to the
 * current status leaves the state as it is (see state/). It only groups the events by what they
 * change; the `never` default makes a new event without a case a compile error.
 */
export function evolve(state: IncidentState, event: IncidentEvent): IncidentState {
  switch (event.type) {
    case 'IncidentDeclared':
    case 'IncidentAcknowledged':
    case 'IncidentResolved':
    case 'PotentialIncidentOpened':
    case 'IncidentConfirmed':
    case 'PotentialIncidentDismissed':
    case 'IncidentMitigated':
    case 'IncidentClosed':
    case 'IncidentReopened':
    case 'SeverityChanged':
      return evolveStatus(state, event);
    case 'RoleAssigned':
    case 'RoleUnassigned':
    case 'NotificationsRequested':
    case 'NotificationAcknowledged':
    case 'InvestigationTimeboxStarted':
    case 'HuddleDue':
    case 'HuddleHeld':
    case 'HuddleOverdue':
      return evolveResponse(state, event);
    case 'DecisionRecorded':
    case 'ActionAdded':
    case 'ActionStarted':
    case 'ActionCompleted':
    case 'ActionCancelled':
    case 'UpdatePosted':
    case 'NoteAdded':
    case 'CorrectionRecorded':
      return evolveRecords(state, event);
    default:
      return ignoreUnknownEvent(state, event);
  }
}

/** A stream written by a newer version of Sitrep may hold types this version does not know. */
function ignoreUnknownEvent(state: IncidentState, _event: never): IncidentState {
  return state;
}

export function foldIncident(events: readonly IncidentEvent[]): IncidentState {
  return events.reduce(evolve, initialState());
}

/** The decisions that stand: recorded and not superseded, by id. */
export function currentDecisions(state: IncidentState): Record<string, DecisionSummary> {
  if (state.status === 'none') return {};
  return Object.fromEntries(
    Object.entries(state.decisions).filter(([, decision]) => decision.supersededBy === null),
  );
}
