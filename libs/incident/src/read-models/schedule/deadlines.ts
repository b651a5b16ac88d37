import { isActive, isWorking } from '../incident-status';
import { addMinutes, type HuddleClock } from './huddle-clock';

export type DeadlineKind = 'huddle-due' | 'huddle-overdue' | 'update-due' | 'action-overdue';

/** Something the standing process expects by a time: a timer fires at it, the views show it. */
export type Deadline =
  | { kind: 'huddle-due' | 'huddle-overdue'; at: string; round: number }
  | { kind: 'update-due'; at: string; owedSince: string }
  | { kind: 'action-overdue'; at: string; actionId: string };

export interface DeadlineFacts {
  status: string;
  huddles: HuddleClock;
  /** When the current update cadence started: the last update, or the declaration, confirmation or reopening. */
  updateOwedSince: string | null;
  internalUpdateMinutes: number;
  /** Open and started actions with a due time. */
  actionsDue: ReadonlyArray<{ actionId: string; dueAt: string }>;
}

/**
 * The deadlines still ahead of the record: a huddle due at the end of a running timebox, its
 * overdue deadline until a huddle is held or marked overdue, the next internal update while the
 * incident is worked, and each open action's due time until it is completed or cancelled.
 */
export function deadlinesOf(facts: DeadlineFacts): Deadline[] {
  const deadlines: Deadline[] = [];
  const { huddles } = facts;
  if (isActive(facts.status)) {
    const { round, dueAt, overdueAt } = huddles;
    if (huddles.phase === 'investigating' && dueAt !== null) {
      deadlines.push({ kind: 'huddle-due', at: dueAt, round });
    }
    if ((huddles.phase === 'investigating' || huddles.phase === 'due') && overdueAt !== null) {
      deadlines.push({ kind: 'huddle-overdue', at: overdueAt, round });
    }
    const since = facts.updateOwedSince;
    if (since !== null) {
      const at = addMinutes(since, facts.internalUpdateMinutes);
      deadlines.push({ kind: 'update-due', at, owedSince: since });
    }
  }
  if (isWorking(facts.status)) {
    for (const { actionId, dueAt } of facts.actionsDue) {
      deadlines.push({ kind: 'action-overdue', at: dueAt, actionId });
    }
  }
  return deadlines;
}

/** The earliest deadline (ties keep the order of deadlinesOf), or null when nothing is due. */
export function earliestDeadline(deadlines: readonly Deadline[]): Deadline | null {
  let first: Deadline | null = null;
  for (const d of deadlines)
    if (first === null || Date.parse(d.at) < Date.parse(first.at)) first = d;
  return first;
}

/** The earliest time of the given kind, or null. */
export function earliestOf(deadlines: readonly Deadline[], kind: DeadlineKind): string | null {
  return earliestDeadline(deadlines.filter((d) => d.kind === kind))?.at ?? null;
}
