import { incidentErrors } from '../incident.errors';
import type { ExistingIncident, IncidentState, IncidentStatus } from '../incident.state';

export type { ExistingIncident };

/** Every command but DeclareIncident and OpenPotentialIncident needs the incident it names. */
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

type Existing = Exclude<IncidentStatus, 'none'>;

/** Still being handled: potential or declared, not yet resolved. */
export const OPEN = ['triage', 'investigating', 'mitigated'] as const satisfies Existing[];
/** Declared and being worked: the investigate-then-huddle rhythm runs. */
export const ACTIVE = ['investigating', 'mitigated'] as const satisfies Existing[];
/** Anything but closed or dismissed: roles, decisions, actions and updates (wash-up included). */
export const WORKING = [
  'triage',
  'investigating',
  'mitigated',
  'resolved',
] as const satisfies Existing[];

/** The incident, narrowed to `allowed`; otherwise the error that says why the command does not apply. */
export function requireStatus<S extends Existing>(
  incident: ExistingIncident,
  allowed: readonly S[],
): Extract<ExistingIncident, { status: S }> {
  if ((allowed as readonly string[]).includes(incident.status)) {
    return incident as Extract<ExistingIncident, { status: S }>;
  }
  throw statusError(incident, allowed);
}

function statusError(incident: ExistingIncident, allowed: readonly Existing[]): Error {
  const { incidentId, status } = incident;
  const triageCommand = allowed.includes('triage') && !allowed.includes('investigating');
  switch (incident.status) {
    case 'triage':
      return incidentErrors.inTriage(incidentId);
    case 'dismissed':
      return incidentErrors.dismissed(incidentId, incident.dismissal.at);
    case 'closed':
      return incidentErrors.closed(incidentId, incident.closure.at);
    case 'resolved':
      return triageCommand
        ? incidentErrors.notInTriage(incidentId, status)
        : incidentErrors.alreadyResolved(incidentId, incident.resolution.at);
    case 'investigating':
    case 'mitigated':
      return triageCommand
        ? incidentErrors.notInTriage(incidentId, status)
        : incidentErrors.notResolved(incidentId, status);
    default:
      return unreachable(incident);
  }
}

function unreachable(incident: never): Error {
  return incidentErrors.invalidCommand('incidentId', `has an unknown status: ${String(incident)}`);
}
