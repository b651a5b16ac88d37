import type { Timer } from '@sitrep/timers';
import type { DeadlineKind } from '../read-models/schedule/deadlines';
import {
  scheduleDeadlines,
  type IncidentSchedule,
} from '../read-models/schedule/incident-schedule';

/** Timer kinds are the deadline kinds; keys name the incident and what the deadline is for. */
export type IncidentTimerKind = DeadlineKind;

export type PlannedTimer = Omit<Timer, 'attempts' | 'dueAt'> & {
  kind: IncidentTimerKind;
  dueAt: string;
};

/**
 * The timers an incident needs now. Each key stands for one deadline that is never set again once
 * it has passed (a round, an action, an update cadence started at a stream position), because a
 * fired or cancelled timer is never re-armed.
 */
export function incidentTimersOf(s: IncidentSchedule): PlannedTimer[] {
  const id = s.incidentId;
  return scheduleDeadlines(s).map((d): PlannedTimer => {
    switch (d.kind) {
      case 'huddle-due':
      case 'huddle-overdue':
        return timer(d.kind, `${id}:${d.round}`, d.at, { incidentId: id, round: d.round });
      case 'update-due':
        return timer(d.kind, `${id}:${s.updateOwed?.position ?? 0}`, d.at, {
          incidentId: id,
          owedSince: d.owedSince,
        });
      case 'action-overdue':
        return timer(d.kind, `${id}:${d.actionId}`, d.at, { incidentId: id, actionId: d.actionId });
    }
  });
}

function timer(
  kind: IncidentTimerKind,
  suffix: string,
  dueAt: string,
  payload: Record<string, unknown>,
): PlannedTimer {
  return { key: `${kind}:${suffix}`, kind, dueAt, payload };
}

export interface TimerChanges {
  schedule: PlannedTimer[];
  cancel: string[];
}

/**
 * Pure: what to schedule and cancel when an incident's schedule moves from `before` to `after`.
 * A timer that is no longer needed is cancelled (a no-op once it has fired); a new or moved one
 * is scheduled.
 */
export function timerChanges(
  before: IncidentSchedule | null,
  after: IncidentSchedule,
): TimerChanges {
  const was = new Map((before ? incidentTimersOf(before) : []).map((t) => [t.key, t]));
  const now = incidentTimersOf(after);
  const keys = new Set(now.map((t) => t.key));
  return {
    schedule: now.filter((t) => was.get(t.key)?.dueAt !== t.dueAt),
    cancel: [...was.keys()].filter((key) => !keys.has(key)),
  };
}
