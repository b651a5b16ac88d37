import { defaultPlanTerms, type IncidentEvent, type PlanReference } from '../../domain';
import type { IncidentReadStatus } from '../incident-status';
import {
  evolveHuddleClock,
  idleAfterReopening,
  idleHuddleClock,
  type HuddleClock,
} from './huddle-clock';
import { deadlinesOf, type Deadline } from './deadlines';

/**
 * What is due when, for one incident: the few facts the board and the timers need, folded from
 * its events. Kept apart from the detail document so both stay small.
 */
export interface IncidentSchedule {
  incidentId: string;
  status: IncidentReadStatus;
  huddleMinutes: number;
  internalUpdateMinutes: number;
  huddles: HuddleClock;
  /** The event that started the current update cadence (its time and stream position). */
  updateOwed: { since: string; position: number } | null;
  /** Open and started actions: id → due time (null when it has none). */
  openActions: Record<string, string | null>;
}

type Minutes = Pick<IncidentSchedule, 'huddleMinutes' | 'internalUpdateMinutes'>;

function minutesOf(plan: PlanReference | undefined): Minutes {
  const { huddleMinutes, internalUpdateMinutes } = plan ?? defaultPlanTerms;
  return { huddleMinutes, internalUpdateMinutes };
}

/** Pure: the schedule after one more event of its incident (at stream `position`). */
export function evolveSchedule(
  s: IncidentSchedule | null,
  event: IncidentEvent,
  position: number,
): IncidentSchedule | null {
  switch (event.type) {
    case 'IncidentDeclared':
    case 'PotentialIncidentOpened': {
      if (s !== null) return s;
      const declared = event.type === 'IncidentDeclared';
      const since = declared ? event.data.declaredAt : null;
      return {
        incidentId: event.data.incidentId,
        status: declared ? 'investigating' : 'triage',
        ...minutesOf(event.data.plan),
        huddles: idleHuddleClock,
        updateOwed: since === null ? null : { since, position },
        openActions: {},
      };
    }
    default:
      return s && evolveExisting(s, event, position);
  }
}

function evolveExisting(
  s: IncidentSchedule,
  event: IncidentEvent,
  position: number,
): IncidentSchedule {
  const owed = (since: string) => ({ since, position });
  switch (event.type) {
    case 'IncidentConfirmed':
      if (s.status !== 'triage') return s;
      return {
        ...s,
        status: 'investigating',
        ...minutesOf(event.data.plan),
        updateOwed: owed(event.data.confirmedAt),
      };
    case 'PotentialIncidentDismissed':
      return s.status === 'triage' ? { ...s, status: 'dismissed' } : s;
    case 'IncidentMitigated':
      return s.status === 'investigating' ? { ...s, status: 'mitigated' } : s;
    case 'IncidentResolved':
      return s.status === 'investigating' || s.status === 'mitigated'
        ? { ...s, status: 'resolved' }
        : s;
    case 'IncidentClosed':
      return s.status === 'resolved' ? { ...s, status: 'closed' } : s;
    case 'IncidentReopened':
      if (s.status !== 'resolved') return s;
      return {
        ...s,
        status: 'investigating',
        huddles: idleAfterReopening(s.huddles),
        updateOwed: owed(event.data.reopenedAt),
      };
    case 'ActionAdded': {
      const { actionId, dueAt } = event.data;
      if (actionId in s.openActions) return s;
      return { ...s, openActions: { ...s.openActions, [actionId]: dueAt ?? null } };
    }
    case 'ActionCompleted':
    case 'ActionCancelled': {
      const { [event.data.actionId]: _closed, ...open } = s.openActions;
      return { ...s, openActions: open };
    }
    case 'UpdatePosted': {
      const latest = s.updateOwed && s.updateOwed.since > event.data.postedAt;
      return latest ? s : { ...s, updateOwed: owed(event.data.postedAt) };
    }
    default: {
      const huddles = evolveHuddleClock(s.huddles, event, s.huddleMinutes);
      return huddles === s.huddles ? s : { ...s, huddles };
    }
  }
}

export function scheduleDeadlines(s: IncidentSchedule): Deadline[] {
  return deadlinesOf({
    status: s.status,
    huddles: s.huddles,
    updateOwedSince: s.updateOwed?.since ?? null,
    internalUpdateMinutes: s.internalUpdateMinutes,
    actionsDue: Object.entries(s.openActions).flatMap(([actionId, dueAt]) =>
      dueAt === null ? [] : [{ actionId, dueAt }],
    ),
  });
}
