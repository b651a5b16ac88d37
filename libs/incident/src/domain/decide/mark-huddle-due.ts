import type { MarkHuddleDue } from '../incident.commands';
import { incidentErrors } from '../incident.errors';
import type { HuddleDue } from '../incident.events';
import type { IncidentState } from '../incident.state';
import { timerTarget, validTimer } from './huddle-timer';
import { requireExisting } from './state-guards';

/** The timebox's timer fired: the team should huddle now. Already due, overdue or held → []. */
export function markHuddleDue(command: MarkHuddleDue, state: IncidentState): HuddleDue[] {
  const { incidentId, round, markedAt } = validTimer(command.data);
  const huddles = timerTarget(requireExisting(state, incidentId), round);
  if (huddles?.phase !== 'investigating') return [];
  if (markedAt < huddles.endsAt) throw incidentErrors.timerEarly(incidentId, round, huddles.endsAt);
  return [{ type: 'HuddleDue', data: { incidentId, round, dueAt: huddles.endsAt, markedAt } }];
}
