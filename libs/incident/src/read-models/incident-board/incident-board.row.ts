import type { IncidentEvent } from '../../domain';
import { isActive } from '../incident-status';
import { huddlePending } from '../schedule/huddle-clock';
import { earliestOf } from '../schedule/deadlines';
import {
  evolveSchedule,
  scheduleDeadlines,
  type IncidentSchedule,
} from '../schedule/incident-schedule';

/**
 * One incident on the board: what it is, who commands it, and when each thing that needs
 * attention is (or was) due. Whether it is late is decided at query time against the clock, so
 * the row is a pure function of the events and a rebuild gives the same rows.
 */
export interface IncidentBoardRow {
  incidentId: string;
  title: string;
  severity: string;
  status: string;
  commander: string | null;
  declaredAt: string;
  /** The end of the timebox, until a huddle is held (it stays set while the huddle is due). */
  huddleDueAt: string | null;
  /** huddleDueAt plus the plan's huddle length. */
  huddleOverdueAt: string | null;
  nextUpdateDueAt: string | null;
  earliestActionDueAt: string | null;
  openActions: number;
  schedule: IncidentSchedule;
  lastPosition: number;
}

/** Pure: the board row after one more event of its incident. */
export function evolveIncidentBoardRow(
  row: IncidentBoardRow | null,
  event: IncidentEvent,
  position: number,
): IncidentBoardRow | null {
  const schedule = evolveSchedule(row?.schedule ?? null, event, position);
  if (schedule === null) return null;
  const base = row ?? openedRow(event);
  if (base === null) return null;
  return withDueTimes({ ...base, ...facts(base, event), schedule, lastPosition: position });
}

function openedRow(
  event: IncidentEvent,
): Omit<IncidentBoardRow, 'schedule' | 'lastPosition'> | null {
  if (event.type !== 'IncidentDeclared' && event.type !== 'PotentialIncidentOpened') return null;
  const d = event.data;
  return {
    incidentId: d.incidentId,
    title: d.title,
    severity: d.severity,
    status: '',
    commander: null,
    declaredAt: event.type === 'IncidentDeclared' ? event.data.declaredAt : event.data.openedAt,
    huddleDueAt: null,
    huddleOverdueAt: null,
    nextUpdateDueAt: null,
    earliestActionDueAt: null,
    openActions: 0,
  };
}

function facts(
  row: Pick<IncidentBoardRow, 'severity' | 'commander'>,
  event: IncidentEvent,
): Pick<IncidentBoardRow, 'severity' | 'commander'> {
  switch (event.type) {
    case 'SeverityChanged':
      return { ...row, severity: event.data.to };
    case 'RoleAssigned':
      return event.data.role === 'commander' ? { ...row, commander: event.data.person } : row;
    case 'RoleUnassigned': {
      const { role, person } = event.data;
      return role === 'commander' && row.commander === person ? { ...row, commander: null } : row;
    }
    default:
      return row;
  }
}

function withDueTimes(row: IncidentBoardRow): IncidentBoardRow {
  const { schedule } = row;
  const deadlines = scheduleDeadlines(schedule);
  const pending = isActive(schedule.status) && huddlePending(schedule.huddles);
  return {
    ...row,
    status: schedule.status,
    huddleDueAt: pending ? schedule.huddles.dueAt : null,
    huddleOverdueAt: pending ? schedule.huddles.overdueAt : null,
    nextUpdateDueAt: earliestOf(deadlines, 'update-due'),
    earliestActionDueAt: earliestOf(deadlines, 'action-overdue'),
    openActions: Object.keys(schedule.openActions).length,
  };
}

/** The row as node-postgres returns it from the table. */
export interface IncidentBoardRecord {
  incident_id: string;
  title: string;
  severity: string;
  status: string;
  commander: string | null;
  declared_at: Date;
  huddle_due_at: Date | null;
  huddle_overdue_at: Date | null;
  next_update_due_at: Date | null;
  earliest_action_due_at: Date | null;
  open_actions: number;
  schedule: IncidentSchedule;
  last_position: string;
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export function incidentBoardRowOf(r: IncidentBoardRecord): IncidentBoardRow {
  return {
    incidentId: r.incident_id,
    title: r.title,
    severity: r.severity,
    status: r.status,
    commander: r.commander,
    declaredAt: r.declared_at.toISOString(),
    huddleDueAt: iso(r.huddle_due_at),
    huddleOverdueAt: iso(r.huddle_overdue_at),
    nextUpdateDueAt: iso(r.next_update_due_at),
    earliestActionDueAt: iso(r.earliest_action_due_at),
    openActions: r.open_actions,
    schedule: r.schedule,
    lastPosition: Number(r.last_position),
  };
}
