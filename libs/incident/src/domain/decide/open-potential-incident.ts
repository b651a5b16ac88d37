import type { OpenPotentialIncident } from '../incident.commands';
import { incidentErrors } from '../incident.errors';
import type { PotentialIncidentOpened } from '../incident.events';
import type { IncidentState } from '../incident.state';
import { validPlanReference } from '../shared/plan-terms';
import { incidentValidators, isoTime } from './command-validation';
import { validReport } from './declare-incident';

/** Step 0: nobody is notified and no timebox runs until it is confirmed. */
export function openPotentialIncident(
  command: OpenPotentialIncident,
  state: IncidentState,
): PotentialIncidentOpened[] {
  const data: PotentialIncidentOpened['data'] = {
    ...validReport(command.data),
    openedAt: isoTime('openedAt', command.data.openedAt),
    plan: validPlanReference(incidentValidators, 'plan', command.data.plan),
  };
  if (state.status !== 'none') throw incidentErrors.alreadyDeclared(data.incidentId);
  return [{ type: 'PotentialIncidentOpened', data }];
}
