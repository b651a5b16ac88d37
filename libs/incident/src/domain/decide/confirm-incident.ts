import type { ConfirmIncident } from '../incident.commands';
import type { IncidentEvent } from '../incident.events';
import type { IncidentState } from '../incident.state';
import { validPlanInForce } from '../shared/plan-terms';
import { incidentValidators, isoTime, requiredId } from './command-validation';
import { notifyAndInvestigate } from './notify-and-investigate';
import { requireExisting, requireStatus } from './state-guards';

/** Declares the potential incident in its own stream, so its triage history stays with it. */
export function confirmIncident(command: ConfirmIncident, state: IncidentState): IncidentEvent[] {
  const incidentId = requiredId('incidentId', command.data.incidentId);
  const confirmedBy = requiredId('confirmedBy', command.data.confirmedBy);
  const confirmedAt = isoTime('confirmedAt', command.data.confirmedAt);
  const plan = validPlanInForce(incidentValidators, 'plan', command.data.plan);
  const incident = requireExisting(state, incidentId);
  // Two people confirming the same alert meant the same thing.
  if ('confirmation' in incident && incident.confirmation !== null) return [];
  requireStatus(incident, ['triage']);
  const { contacts: _notifiedNext, ...reference } = plan;
  return [
    { type: 'IncidentConfirmed', data: { incidentId, confirmedBy, confirmedAt, plan: reference } },
    ...notifyAndInvestigate(incidentId, plan, confirmedAt, confirmedBy),
  ];
}
