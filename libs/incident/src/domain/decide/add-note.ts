import type { AddNote } from '../incident.commands';
import type { NoteAdded } from '../incident.events';
import type { IncidentState } from '../incident.state';
import { isoTime, requiredId, requiredText, textLimits } from './command-validation';
import { requireExisting, requireStatus, WORKING } from './state-guards';

export function addNote(command: AddNote, state: IncidentState): NoteAdded[] {
  const data: NoteAdded['data'] = {
    incidentId: requiredId('incidentId', command.data.incidentId),
    noteId: requiredId('noteId', command.data.noteId),
    text: requiredText('text', command.data.text, textLimits.body),
    addedBy: requiredId('addedBy', command.data.addedBy),
    addedAt: isoTime('addedAt', command.data.addedAt),
  };
  const incident = requireStatus(requireExisting(state, data.incidentId), WORKING);
  if (incident.recorded[`note:${data.noteId}`]) return [];
  return [{ type: 'NoteAdded', data }];
}
