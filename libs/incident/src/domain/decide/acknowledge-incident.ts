import type { AcknowledgeIncident } from '../incident.commands';
import type { IncidentAcknowledged } from '../incident.events';
import type { IncidentState } from '../incident.state';
import { isoTime, requiredId } from './command-validation';
import { OPEN, requireExisting, requireStatus } from './state-guards';

export function acknowledgeIncident(
  command: AcknowledgeIncident,
  state: IncidentState,
): IncidentAcknowledged[] {
  const data: IncidentAcknowledged['data'] = {
    incidentId: requiredId('incidentId', command.data.incidentId),
    acknowledgedBy: requiredId('acknowledgedBy', command.data.acknowledgedBy),
    acknowledgedAt: isoTime('acknowledgedAt', command.data.acknowledgedAt),
  };
  const incident = requireStatus(requireExisting(state, data.incidentId), OPEN);
  // Several responders often press "acknowledge" on the same page; the first one counts and the
  // rest change nothing (and are not errors).
  if (incident.acknowledged !== null) return [];
  return [{ type: 'IncidentAcknowledged', data }];
}
