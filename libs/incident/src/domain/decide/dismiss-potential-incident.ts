import type { DismissPotentialIncident } from '../incident.commands';
import type { PotentialIncidentDismissed } from '../incident.events';
import type { IncidentState } from '../incident.state';
import { isoTime, requiredId, requiredText, textLimits } from './command-validation';
import { requireExisting, requireStatus } from './state-guards';

export function dismissPotentialIncident(
  command: DismissPotentialIncident,
  state: IncidentState,
): PotentialIncidentDismissed[] {
  const data: PotentialIncidentDismissed['data'] = {
    incidentId: requiredId('incidentId', command.data.incidentId),
    reason: requiredText('reason', command.data.reason, textLimits.reason),
    dismissedBy: requiredId('dismissedBy', command.data.dismissedBy),
    dismissedAt: isoTime('dismissedAt', command.data.dismissedAt),
  };
  const incident = requireExisting(state, data.incidentId);
  if (incident.status === 'dismissed') return [];
  requireStatus(incident, ['triage']);
  return [{ type: 'PotentialIncidentDismissed', data }];
}
