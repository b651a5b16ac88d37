import type { AddAction } from '../incident.commands';
import { incidentErrors } from '../incident.errors';
import type { ActionAdded } from '../incident.events';
import type { IncidentState } from '../incident.state';
import {
  isoTime,
  optionalId,
  optionalIsoTime,
  requiredId,
  requiredText,
  textLimits,
} from './command-validation';
import { requireExisting, requireStatus, WORKING } from './state-guards';

/** Follow-up actions from the wash-up are added while the incident is resolved, too. */
export function addAction(command: AddAction, state: IncidentState): ActionAdded[] {
  const data = validAction(command.data);
  const incident = requireStatus(requireExisting(state, data.incidentId), WORKING);
  if (incident.actions[data.actionId] !== undefined) return [];
  if (data.decisionId !== undefined && incident.decisions[data.decisionId] === undefined) {
    throw incidentErrors.decisionNotFound(data.incidentId, data.decisionId);
  }
  return [{ type: 'ActionAdded', data }];
}

function validAction(data: AddAction['data']): ActionAdded['data'] {
  const dueAt = optionalIsoTime('dueAt', data.dueAt);
  const decisionId = optionalId('decisionId', data.decisionId);
  return {
    incidentId: requiredId('incidentId', data.incidentId),
    actionId: requiredId('actionId', data.actionId),
    description: requiredText('description', data.description, textLimits.reason),
    owner: requiredId('owner', data.owner),
    ...(dueAt === undefined ? {} : { dueAt }),
    ...(decisionId === undefined ? {} : { decisionId }),
    addedBy: requiredId('addedBy', data.addedBy),
    addedAt: isoTime('addedAt', data.addedAt),
  };
}
