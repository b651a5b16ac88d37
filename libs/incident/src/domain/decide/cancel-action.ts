import type { CancelAction } from '../incident.commands';
import type { ActionCancelled } from '../incident.events';
import type { IncidentState } from '../incident.state';
import { isoTime, requiredId, requiredText, textLimits } from './command-validation';
import { refuseIfFinished, requireAction } from './action-guards';

export function cancelAction(command: CancelAction, state: IncidentState): ActionCancelled[] {
  const data: ActionCancelled['data'] = {
    incidentId: requiredId('incidentId', command.data.incidentId),
    actionId: requiredId('actionId', command.data.actionId),
    reason: requiredText('reason', command.data.reason, textLimits.reason),
    cancelledBy: requiredId('cancelledBy', command.data.cancelledBy),
    cancelledAt: isoTime('cancelledAt', command.data.cancelledAt),
  };
  const action = requireAction(state, data.incidentId, data.actionId);
  if (action.status === 'cancelled') return [];
  refuseIfFinished(action, data.incidentId, data.actionId);
  return [{ type: 'ActionCancelled', data }];
}
