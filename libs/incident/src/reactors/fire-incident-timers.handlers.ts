import { Injectable } from '@nestjs/common';
import { CommandRunner } from '@sitrep/messaging';
import type { TimerHandler } from '@sitrep/timers';
import { incidentStreams } from '../application/shared/incident.stream-kind';
import type { IncidentTimerKind } from './incident-timers';

export const TIMERS_ACTOR = 'sitrep-timers';

/**
 * What the incident timers do when they fire: an idempotent domain command. A stale round, or an
 * incident no longer worked, decides nothing (success); a timer early by the domain's reckoning
 * (INCIDENT.TIMER_EARLY) and any other failure throw, and the dispatcher retries with backoff.
 *
 * `update-due` and `action-overdue` have no domain command yet and no handler here: the board and
 * the detail show them late from their due times, and the timers wait (durably, unclaimed) for
 * the notifier to handle them, so none is dropped meanwhile.
 */
@Injectable()
export class FireIncidentTimers {
  constructor(private readonly runner: CommandRunner) {}

  handlers(): Map<IncidentTimerKind, TimerHandler> {
    return new Map<IncidentTimerKind, TimerHandler>([
      ['huddle-due', (timer) => this.mark('MarkHuddleDue', timer.payload)],
      ['huddle-overdue', (timer) => this.mark('MarkHuddleOverdue', timer.payload)],
    ]);
  }

  private async mark(
    type: 'MarkHuddleDue' | 'MarkHuddleOverdue',
    payload: Record<string, unknown>,
  ): Promise<void> {
    const { incidentId, round } = payload as { incidentId: string; round: number };
    await this.runner.run(
      incidentStreams,
      incidentId,
      (now) => ({ type, data: { incidentId, round, markedAt: now } }),
      { actor: TIMERS_ACTOR, source: 'timer' },
    );
  }
}
