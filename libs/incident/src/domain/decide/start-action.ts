import type { StartAction } from '../incident.commands';
import type { ActionStarted } from '../incident.events';
import type { IncidentState } from '../incident.state';
import { isoTime, requiredId } from './command-validation';
import { refuseIfFinished, requireAction } from './action-guards';

export function startAction(command: StartAction, state: IncidentState): ActionStarted[] {
  const data: ActionStarted['data'] = {
    incidentId: requiredId('incidentId', command.data.incidentId),
    actionId: requiredId('actionId', command.data.actionId),
    startedBy: requiredId('startedBy', command.data.startedBy),
    startedAt: isoTime('startedAt', command.data.startedAt),
  };
  const action = requireAction(state, data.incidentId, data.actionId);
  if (action.status === 'started') return [];
  refuseIfFinished(action, data.incidentId, data.actionId);
  return [{ type: 'ActionStarted', data }];
}
