import type { RecordEvent } from '../events/record.events';
import type { ActionStatus, ExistingIncident, IncidentState } from './state.types';

/** Decisions, actions, updates, notes and corrections: facts about any incident that exists. */
export function evolveRecords(state: IncidentState, event: RecordEvent): IncidentState {
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'DecisionRecorded':
      return decisionRecorded(state, event.data);
    case 'ActionAdded': {
      const { actionId, owner, decisionId } = event.data;
      const action = { status: 'open' as const, owner, decisionId: decisionId ?? null };
      return { ...state, actions: { ...state.actions, [actionId]: action } };
    }
    case 'ActionStarted':
      return actionMoved(state, event.data.actionId, 'started');
    case 'ActionCompleted':
      return actionMoved(state, event.data.actionId, 'completed');
    case 'ActionCancelled':
      return actionMoved(state, event.data.actionId, 'cancelled');
    case 'UpdatePosted':
      return remembered(state, `update:${event.data.updateId}`);
    case 'NoteAdded':
      return remembered(state, `note:${event.data.noteId}`);
    case 'CorrectionRecorded':
      return remembered(state, `correction:${event.data.correctionId}`);
    default:
      return ignore(state, event);
  }
}

type Decided = Extract<RecordEvent, { type: 'DecisionRecorded' }>['data'];

function decisionRecorded(state: ExistingIncident, data: Decided): IncidentState {
  const decisions = {
    ...state.decisions,
    [data.decisionId]: { kind: data.kind, decidedAt: data.decidedAt, supersededBy: null },
  };
  const replaced = data.supersedes === undefined ? undefined : decisions[data.supersedes];
  if (data.supersedes !== undefined && replaced !== undefined) {
    decisions[data.supersedes] = { ...replaced, supersededBy: data.decisionId };
  }
  return { ...state, decisions };
}

function actionMoved(state: ExistingIncident, actionId: string, status: ActionStatus) {
  const action = state.actions[actionId];
  if (action === undefined) return state;
  return { ...state, actions: { ...state.actions, [actionId]: { ...action, status } } };
}

function remembered(state: ExistingIncident, key: string): IncidentState {
  return { ...state, recorded: { ...state.recorded, [key]: true } };
}

function ignore(state: IncidentState, _event: never): IncidentState {
  return state;
}
