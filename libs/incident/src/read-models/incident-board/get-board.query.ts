import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CLOCK, DATABASE, type Clock, type Database } from '@sitrep/platform';
import {
  incidentBoardRowOf,
  type IncidentBoardRecord,
  type IncidentBoardRow,
} from './incident-board.row';
import { incidentBoardTable } from './incident-board.table';
import { openStatuses } from '../incident-status';

export class GetBoardQuery {
  constructor(
    readonly includeResolved: boolean,
    readonly limit: number,
  ) {}
}

export type BoardItem = Omit<IncidentBoardRow, 'schedule' | 'lastPosition'> & {
  version: number;
  /** The earliest of the due times, past or future. */
  nextDueAt: string | null;
  huddleDue: boolean;
  huddleOverdue: boolean;
  actionsOverdue: boolean;
  updateOverdue: boolean;
  needsAttention: boolean;
};

export interface Board {
  /** The time the flags were evaluated at. */
  asOf: string;
  items: BoardItem[];
}

type Flags = {
  huddle_due: boolean;
  huddle_overdue: boolean;
  actions_overdue: boolean;
  update_overdue: boolean;
  next_due_at: Date | null;
};

/**
 * What needs attention now. The rows hold due times; whether each is late is decided here against
 * the injected clock: anything late first, then by severity, then whatever falls due soonest.
 */
@QueryHandler(GetBoardQuery)
export class GetBoardHandler implements IQueryHandler<GetBoardQuery, Board> {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ includeResolved, limit }: GetBoardQuery): Promise<Board> {
    const now = this.clock.now();
    const statuses = includeResolved ? [...openStatuses, 'resolved'] : [...openStatuses];
    const rows = await this.db.query<IncidentBoardRecord & Flags>(
      `SELECT * FROM (
         SELECT *, coalesce(huddle_due_at <= $1, false) AS huddle_due,
                coalesce(huddle_overdue_at <= $1, false) AS huddle_overdue,
                coalesce(earliest_action_due_at <= $1, false) AS actions_overdue,
                coalesce(next_update_due_at <= $1, false) AS update_overdue,
                LEAST(huddle_due_at, huddle_overdue_at, next_update_due_at, earliest_action_due_at) AS next_due_at
           FROM ${incidentBoardTable.name} WHERE status = ANY($2::text[])) b
        ORDER BY (huddle_due OR huddle_overdue OR actions_overdue OR update_overdue) DESC, severity,
                 next_due_at NULLS LAST, declared_at DESC, incident_id
        LIMIT $3`,
      [now, statuses, limit],
    );
    return { asOf: now.toISOString(), items: rows.map(itemOf) };
  }
}

function itemOf(r: IncidentBoardRecord & Flags): BoardItem {
  const { schedule: _schedule, lastPosition, ...row } = incidentBoardRowOf(r);
  const flags = {
    huddleDue: r.huddle_due,
    huddleOverdue: r.huddle_overdue,
    actionsOverdue: r.actions_overdue,
    updateOverdue: r.update_overdue,
  };
  return {
    ...row,
    version: lastPosition,
    nextDueAt: r.next_due_at === null ? null : r.next_due_at.toISOString(),
    ...flags,
    needsAttention: Object.values(flags).some(Boolean),
  };
}
