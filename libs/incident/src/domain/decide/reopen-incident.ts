import type { ReopenIncident } from '../incident.commands';
import type { IncidentReopened } from '../incident.events';
import type { IncidentState } from '../incident.state';
import { isoTime, requiredId, requiredText, textLimits } from './command-validation';
import { requireExisting, requireStatus } from './state-guards';

/** It came back. Back to investigating; the next timebox starts when someone starts it. */
export function reopenIncident(command: ReopenIncident, state: IncidentState): IncidentReopened[] {
  const data: IncidentReopened['data'] = {
    incidentId: requiredId('incidentId', command.data.incidentId),
    reason: requiredText('reason', command.data.reason, textLimits.reason),
    reopenedBy: requiredId('reopenedBy', command.data.reopenedBy),
    reopenedAt: isoTime('reopenedAt', command.data.reopenedAt),
  };
  requireStatus(requireExisting(state, data.incidentId), ['resolved']);
  return [{ type: 'IncidentReopened', data }];
}
