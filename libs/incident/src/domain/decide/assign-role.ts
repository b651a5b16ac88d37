import type { AssignRole } from '../incident.commands';
import type { RoleAssigned } from '../incident.events';
import type { IncidentState } from '../incident.state';
import { roles } from '../incident.vocabulary';
import { isoTime, oneOf, requiredId } from './command-validation';
import { requireExisting, requireStatus, WORKING } from './state-guards';

/** Commander, communications lead and scribe pass from hand to hand; investigators add up. */
export function assignRole(command: AssignRole, state: IncidentState): RoleAssigned[] {
  const incidentId = requiredId('incidentId', command.data.incidentId);
  const role = oneOf('role', command.data.role, roles);
  const person = requiredId('person', command.data.person);
  const assignedBy = requiredId('assignedBy', command.data.assignedBy);
  const assignedAt = isoTime('assignedAt', command.data.assignedAt);
  const incident = requireStatus(requireExisting(state, incidentId), WORKING);
  const previousHolder = role === 'investigator' ? null : incident.roles[role];
  const holds =
    role === 'investigator'
      ? incident.roles.investigators.includes(person)
      : previousHolder === person;
  if (holds) return [];
  return [
    {
      type: 'RoleAssigned',
      data: { incidentId, role, person, previousHolder, assignedBy, assignedAt },
    },
  ];
}
