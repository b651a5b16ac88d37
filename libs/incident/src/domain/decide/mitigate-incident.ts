import type { MitigateIncident } from '../incident.commands';
import type { IncidentMitigated } from '../incident.events';
import type { IncidentState } from '../incident.state';
import { isoTime, requiredId, requiredText, textLimits } from './command-validation';
import { requireExisting, requireStatus } from './state-guards';

/** The bleeding has stopped; the cause may still be there. Mitigating twice changes nothing. */
export function mitigateIncident(
  command: MitigateIncident,
  state: IncidentState,
): IncidentMitigated[] {
  const data: IncidentMitigated['data'] = {
    incidentId: requiredId('incidentId', command.data.incidentId),
    summary: requiredText('summary', command.data.summary, textLimits.summary),
    mitigatedBy: requiredId('mitigatedBy', command.data.mitigatedBy),
    mitigatedAt: isoTime('mitigatedAt', command.data.mitigatedAt),
  };
  const incident = requireExisting(state, data.incidentId);
  if (incident.status === 'mitigated') return [];
  requireStatus(incident, ['investigating']);
  return [{ type: 'IncidentMitigated', data }];
}
