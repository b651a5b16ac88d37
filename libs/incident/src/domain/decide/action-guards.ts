import { incidentErrors } from '../incident.errors';
import type { ActionSummary, IncidentState } from '../incident.state';
import { requireExisting, requireStatus, WORKING } from './state-guards';

/** The action, on an incident still being worked. */
export function requireAction(
  state: IncidentState,
  incidentId: string,
  actionId: string,
): ActionSummary {
  const incident = requireStatus(requireExisting(state, incidentId), WORKING);
  const action = incident.actions[actionId];
  if (action === undefined) throw incidentErrors.actionNotFound(incidentId, actionId);
  return action;
}

/** A finished action stays finished: completed and cancelled are both final. */
export function refuseIfFinished(
  action: ActionSummary,
  incidentId: string,
  actionId: string,
): void {
  if (action.status === 'completed') throw incidentErrors.actionCompleted(incidentId, actionId);
  if (action.status === 'cancelled') throw incidentErrors.actionCancelled(incidentId, actionId);
}
