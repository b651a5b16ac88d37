import type { IncidentCommand } from '../incident.commands';
import { incidentErrors } from '../incident.errors';
import type { IncidentEvent } from '../incident.events';
import type { IncidentState } from '../incident.state';
import { acknowledgeIncident } from './acknowledge-incident';
import { declareIncident } from './declare-incident';
import { resolveIncident } from './resolve-incident';

/** Pure and synchronous: no clock, no ids, no I/O. `[]` means the outcome already holds. */
export function decide(command: IncidentCommand, state: IncidentState): IncidentEvent[] {
  switch (command.type) {
    case 'DeclareIncident':
      return declareIncident(command, state);
    case 'AcknowledgeIncident':
      return acknowledgeIncident(command, state);
    case 'ResolveIncident':
      return resolveIncident(command, state);
    default:
      throw unknownCommand(command);
  }
}

// Reachable only from untyped callers; the `never` makes a new command without a case a compile error.
function unknownCommand(command: never) {
  const type = (command as { type?: unknown } | null)?.type;
  return incidentErrors.invalidCommand('type', `is not an incident command: ${String(type)}`);
}
