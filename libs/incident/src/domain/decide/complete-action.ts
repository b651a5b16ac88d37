import type { CompleteAction } from '../incident.commands';
import type { ActionCompleted } from '../incident.events';
import type { IncidentState } from '../incident.state';
import { isoTime, optionalText, requiredId, textLimits } from './command-validation';
import { refuseIfFinished, requireAction } from './action-guards';

/** An action may be completed without having been started: small ones often are. */
export function completeAction(command: CompleteAction, state: IncidentState): ActionCompleted[] {
  const outcome = optionalText('outcome', command.data.outcome, textLimits.summary.max);
  const data: ActionCompleted['data'] = {
    incidentId: requiredId('incidentId', command.data.incidentId),
    actionId: requiredId('actionId', command.data.actionId),
    ...(outcome === undefined ? {} : { outcome }),
    completedBy: requiredId('completedBy', command.data.completedBy),
    completedAt: isoTime('completedAt', command.data.completedAt),
  };
  const action = requireAction(state, data.incidentId, data.actionId);
  if (action.status === 'completed') return [];
  refuseIfFinished(action, data.incidentId, data.actionId);
  return [{ type: 'ActionCompleted', data }];
}
