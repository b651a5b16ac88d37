import type { MarkHuddleOverdue } from '../incident.commands';
import { incidentErrors } from '../incident.errors';
import type { HuddleDue, HuddleOverdue } from '../incident.events';
import type { IncidentState } from '../incident.state';
import { addMinutes } from '../shared/validation';
import { timerTarget, validTimer } from './huddle-timer';
import { requireExisting } from './state-guards';

/**
 * The due huddle was not held within the plan's huddle length. Timers do not fire in order: when
 * this one comes before the huddle-due timer, the huddle is recorded as due and overdue at once.
 */
export function markHuddleOverdue(
  command: MarkHuddleOverdue,
  state: IncidentState,
): (HuddleDue | HuddleOverdue)[] {
  const { incidentId, round, markedAt } = validTimer(command.data);
  const incident = requireExisting(state, incidentId);
  const huddles = timerTarget(incident, round);
  if (huddles?.phase !== 'investigating' && huddles?.phase !== 'due') return [];
  const dueAt = huddles.phase === 'due' ? huddles.dueAt : huddles.endsAt;
  const overdueAt = addMinutes(dueAt, incident.plan.huddleMinutes);
  if (markedAt < overdueAt) throw incidentErrors.timerEarly(incidentId, round, overdueAt);
  const overdue: HuddleOverdue = {
    type: 'HuddleOverdue',
    data: { incidentId, round, dueAt, overdueAt, markedAt },
  };
  if (huddles.phase === 'due') return [overdue];
  return [{ type: 'HuddleDue', data: { incidentId, round, dueAt, markedAt } }, overdue];
}
