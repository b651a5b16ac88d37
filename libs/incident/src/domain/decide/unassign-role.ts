import type { UnassignRole } from '../incident.commands';
import type { RoleUnassigned } from '../incident.events';
import type { IncidentState } from '../incident.state';
import { roles } from '../incident.vocabulary';
import { isoTime, oneOf, requiredId } from './command-validation';
import { requireExisting, requireStatus, WORKING } from './state-guards';

/** Someone who does not hold the role is already unassigned from it. */
export function unassignRole(command: UnassignRole, state: IncidentState): RoleUnassigned[] {
  const data: RoleUnassigned['data'] = {
    incidentId: requiredId('incidentId', command.data.incidentId),
    role: oneOf('role', command.data.role, roles),
    person: requiredId('person', command.data.person),
    unassignedBy: requiredId('unassignedBy', command.data.unassignedBy),
    unassignedAt: isoTime('unassignedAt', command.data.unassignedAt),
  };
  const { roles: held } = requireStatus(requireExisting(state, data.incidentId), WORKING);
  const holds =
    data.role === 'investigator'
      ? held.investigators.includes(data.person)
      : held[data.role] === data.person;
  return holds ? [{ type: 'RoleUnassigned', data }] : [];
}
