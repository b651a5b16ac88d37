import type { RecordHuddle } from '../incident.commands';
import { incidentErrors } from '../incident.errors';
import type { HuddleHeld } from '../incident.events';
import type { IncidentState } from '../incident.state';
import { minutesBetween } from '../shared/validation';
import { isoTime, peopleList, requiredId, requiredText, textLimits } from './command-validation';
import { ACTIVE, requireExisting, requireStatus } from './state-guards';

export const recordHuddleLimits = { maxAttendees: 100 } as const;

/** A huddle may come early, on time or late; it closes the current timebox's cycle either way. */
export function recordHuddle(command: RecordHuddle, state: IncidentState): HuddleHeld[] {
  const { data } = command;
  const incidentId = requiredId('incidentId', data.incidentId);
  const huddleId = requiredId('huddleId', data.huddleId);
  const startedAt = isoTime('startedAt', data.startedAt);
  const endedAt = isoTime('endedAt', data.endedAt);
  if (endedAt < startedAt)
    throw incidentErrors.invalidCommand('endedAt', 'must not be before startedAt');
  const attendees = peopleList('attendees', data.attendees, 1, recordHuddleLimits.maxAttendees);
  const summary = requiredText('summary', data.summary, textLimits.summary);
  const recordedBy = requiredId('recordedBy', data.recordedBy);
  const incident = requireStatus(requireExisting(state, incidentId), ACTIVE);
  if (incident.recorded[`huddle:${huddleId}`]) return [];
  const plannedMinutes = incident.plan.huddleMinutes;
  const overran = minutesBetween(startedAt, endedAt) > plannedMinutes;
  const { round } = incident.huddles;
  return [
    {
      type: 'HuddleHeld',
      data: {
        incidentId,
        huddleId,
        round,
        startedAt,
        endedAt,
        attendees,
        summary,
        recordedBy,
        plannedMinutes,
        overran,
      },
    },
  ];
}
