import type { IncidentCommand, RecordCommand, ResponseCommand } from '../incident.commands';
import { incidentErrors } from '../incident.errors';
import type { IncidentEvent } from '../incident.events';
import type { IncidentState } from '../incident.state';
import { acknowledgeIncident } from './acknowledge-incident';
import { addAction } from './add-action';
import { addNote } from './add-note';
import { assignRole } from './assign-role';
import { cancelAction } from './cancel-action';
import { changeSeverity } from './change-severity';
import { closeIncident } from './close-incident';
import { completeAction } from './complete-action';
import { confirmIncident } from './confirm-incident';
import { declareIncident } from './declare-incident';
import { dismissPotentialIncident } from './dismiss-potential-incident';
import { markHuddleDue } from './mark-huddle-due';
import { markHuddleOverdue } from './mark-huddle-overdue';
import { mitigateIncident } from './mitigate-incident';
import { openPotentialIncident } from './open-potential-incident';
import { postUpdate } from './post-update';
import { recordCorrection } from './record-correction';
import { recordDecision } from './record-decision';
import { recordHuddle } from './record-huddle';
import { recordNotificationAcknowledged } from './record-notification-acknowledged';
import { reopenIncident } from './reopen-incident';
import { resolveIncident } from './resolve-incident';
import { startAction } from './start-action';
import { startTimebox } from './start-timebox';
import { unassignRole } from './unassign-role';

/**
 * Pure and synchronous: no clock, no ids, no I/O. `[]` means the outcome already holds. A dispatch
 * only (grouped like commands/): each command's rules live in its own file.
 */
export function decide(command: IncidentCommand, state: IncidentState): IncidentEvent[] {
  switch (command.type) {
    case 'OpenPotentialIncident':
      return openPotentialIncident(command, state);
    case 'ConfirmIncident':
      return confirmIncident(command, state);
    case 'DismissPotentialIncident':
      return dismissPotentialIncident(command, state);
    case 'DeclareIncident':
      return declareIncident(command, state);
    case 'AcknowledgeIncident':
      return acknowledgeIncident(command, state);
    case 'MitigateIncident':
      return mitigateIncident(command, state);
    case 'ResolveIncident':
      return resolveIncident(command, state);
    case 'CloseIncident':
      return closeIncident(command, state);
    case 'ReopenIncident':
      return reopenIncident(command, state);
    case 'ChangeSeverity':
      return changeSeverity(command, state);
    case 'AssignRole':
    case 'UnassignRole':
    case 'RecordNotificationAcknowledged':
    case 'MarkHuddleDue':
    case 'MarkHuddleOverdue':
    case 'RecordHuddle':
    case 'StartTimebox':
      return decideResponse(command, state);
    case 'RecordDecision':
    case 'AddAction':
    case 'StartAction':
    case 'CompleteAction':
    case 'CancelAction':
    case 'PostUpdate':
    case 'AddNote':
    case 'RecordCorrection':
      return decideRecord(command, state);
    default:
      throw unknownCommand(command);
  }
}

function decideResponse(command: ResponseCommand, state: IncidentState): IncidentEvent[] {
  switch (command.type) {
    case 'AssignRole':
      return assignRole(command, state);
    case 'UnassignRole':
      return unassignRole(command, state);
    case 'RecordNotificationAcknowledged':
      return recordNotificationAcknowledged(command, state);
    case 'MarkHuddleDue':
      return markHuddleDue(command, state);
    case 'MarkHuddleOverdue':
      return markHuddleOverdue(command, state);
    case 'RecordHuddle':
      return recordHuddle(command, state);
    case 'StartTimebox':
      return startTimebox(command, state);
    default:
      throw unknownCommand(command);
  }
}

function decideRecord(command: RecordCommand, state: IncidentState): IncidentEvent[] {
  switch (command.type) {
    case 'RecordDecision':
      return recordDecision(command, state);
    case 'AddAction':
      return addAction(command, state);
    case 'StartAction':
      return startAction(command, state);
    case 'CompleteAction':
      return completeAction(command, state);
    case 'CancelAction':
      return cancelAction(command, state);
    case 'PostUpdate':
      return postUpdate(command, state);
    case 'AddNote':
      return addNote(command, state);
    case 'RecordCorrection':
      return recordCorrection(command, state);
    default:
      throw unknownCommand(command);
  }
}

// Reachable only from untyped callers; the `never` makes a new command without a case a compile error.
function unknownCommand(command: never) {
  const type = (command as { type?: unknown } | null)?.type;
  return incidentErrors.invalidCommand('type', `is not an incident command: ${String(type)}`);
}
