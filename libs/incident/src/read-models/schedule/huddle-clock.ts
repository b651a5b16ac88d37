import type { IncidentEvent } from '../../domain';

export type HuddlePhase = 'idle' | 'investigating' | 'due' | 'overdue' | 'held';

/**
 * The investigate-then-huddle rhythm as the read models see it, mirroring the domain's huddle
 * cycle. `dueAt` is when the huddle is (or was) due — the end of the timebox — and `overdueAt`
 * that plus the plan's huddle length; both are null while idle or once the huddle was held.
 */
export interface HuddleClock {
  round: number;
  phase: HuddlePhase;
  dueAt: string | null;
  overdueAt: string | null;
}

export const idleHuddleClock: HuddleClock = {
  round: 0,
  phase: 'idle',
  dueAt: null,
  overdueAt: null,
};

export function addMinutes(isoUtc: string, minutes: number): string {
  return new Date(Date.parse(isoUtc) + minutes * 60_000).toISOString();
}

/** Pure. Events for another round than the current one, or out of phase, change nothing (as in the domain). */
export function evolveHuddleClock(
  clock: HuddleClock,
  event: IncidentEvent,
  huddleMinutes: number,
): HuddleClock {
  switch (event.type) {
    case 'InvestigationTimeboxStarted': {
      const { round, endsAt } = event.data;
      return {
        round,
        phase: 'investigating',
        dueAt: endsAt,
        overdueAt: addMinutes(endsAt, huddleMinutes),
      };
    }
    case 'HuddleDue': {
      const { round, dueAt } = event.data;
      if (clock.phase !== 'investigating' || clock.round !== round) return clock;
      return { round, phase: 'due', dueAt, overdueAt: addMinutes(dueAt, huddleMinutes) };
    }
    case 'HuddleOverdue': {
      const { round, dueAt, overdueAt } = event.data;
      if (clock.phase !== 'due' || clock.round !== round) return clock;
      return { round, phase: 'overdue', dueAt, overdueAt };
    }
    case 'HuddleHeld':
      return { round: clock.round, phase: 'held', dueAt: null, overdueAt: null };
    default:
      return clock;
  }
}

/** A reopened incident investigates again when someone starts the next timebox. */
export function idleAfterReopening(clock: HuddleClock): HuddleClock {
  return { round: clock.round, phase: 'idle', dueAt: null, overdueAt: null };
}

/** The huddle is due (not yet held): from the timebox's end until a huddle is recorded. */
export function huddlePending(clock: HuddleClock): boolean {
  return clock.phase === 'investigating' || clock.phase === 'due' || clock.phase === 'overdue';
}
