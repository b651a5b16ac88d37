import { incidentErrors } from '../incident.errors';
import type { IncidentState, InvestigatingIncident, ResolvedIncident } from '../incident.state';

export type ExistingIncident = InvestigatingIncident | ResolvedIncident;

/** Every command but DeclareIncident needs a declared incident, and the one it names. */
export function requireExisting(state: IncidentState, incidentId: string): ExistingIncident {
  if (state.status === 'none') throw incidentErrors.notFound(incidentId);
  if (state.incidentId !== incidentId) {
    // The handler loaded the wrong stream: refuse rather than write one incident's facts into another.
    throw incidentErrors.invalidCommand(
      'incidentId',
      `does not match incident ${state.incidentId}`,
    );
  }
  return state;
}
