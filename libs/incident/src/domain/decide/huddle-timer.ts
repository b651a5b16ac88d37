import { incidentErrors } from '../incident.errors';
import type { HuddleCycle } from '../incident.state';
import { isoTime, requiredId, wholeNumber } from './command-validation';
import type { ExistingIncident } from './state-guards';

export type TimerCommandData = { incidentId: string; round: number; markedAt: string };

export function validTimer(data: TimerCommandData): TimerCommandData {
  return {
    incidentId: requiredId('incidentId', data.incidentId),
    round: wholeNumber('round', data.round, { min: 1, max: Number.MAX_SAFE_INTEGER }),
    markedAt: isoTime('markedAt', data.markedAt),
  };
}

/**
 * The huddle cycle a timer for timebox `round` acts on, or null when it has nothing left to do.
 * Timers outlive what they were set for and fire at least once: once the incident is no longer
 * being worked, or a later timebox replaced this one, they change nothing (and are not errors).
 */
export function timerTarget(incident: ExistingIncident, round: number): HuddleCycle | null {
  if (incident.status !== 'investigating' && incident.status !== 'mitigated') return null;
  if (round > incident.huddles.round) {
    throw incidentErrors.invalidCommand('round', `names timebox ${round}, which has not started`);
  }
  return round < incident.huddles.round ? null : incident.huddles;
}
