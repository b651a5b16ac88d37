import { Injectable } from '@nestjs/common';
import type { Sql } from '@sitrep/platform';
import { IncidentRowProjection, type ChangedIncidentRows } from '../incident-row.projection';
import {
  evolveIncidentBoardRow,
  incidentBoardRowOf,
  type IncidentBoardRecord,
  type IncidentBoardRow,
} from './incident-board.row';
import { incidentBoardTable } from './incident-board.table';

@Injectable()
export class IncidentBoardProjection extends IncidentRowProjection<
  IncidentBoardRecord,
  IncidentBoardRow
> {
  constructor() {
    super('incident-board', incidentBoardTable, incidentBoardRowOf, evolveIncidentBoardRow);
  }

  protected async upsert(tx: Sql, t: string, changed: ChangedIncidentRows<IncidentBoardRow>) {
    const rows = [...changed.values()].map((v) => v.row);
    // One JSON document for the whole batch, parsed once by jsonb_to_recordset; the rows' field
    // names are the record's columns.
    await tx.query(
      `INSERT INTO ${t} (incident_id, title, severity, status, commander, declared_at, huddle_due_at,
                         huddle_overdue_at, next_update_due_at, earliest_action_due_at, open_actions,
                         schedule, last_position)
       SELECT r."incidentId", r.title, r.severity, r.status, r.commander, r."declaredAt",
              r."huddleDueAt", r."huddleOverdueAt", r."nextUpdateDueAt", r."earliestActionDueAt",
              r."openActions", r.schedule, r."lastPosition"
         FROM jsonb_to_recordset($1::jsonb) AS r("incidentId" uuid, title text, severity text,
              status text, commander text, "declaredAt" timestamptz, "huddleDueAt" timestamptz,
              "huddleOverdueAt" timestamptz, "nextUpdateDueAt" timestamptz,
              "earliestActionDueAt" timestamptz, "openActions" int, schedule jsonb,
              "lastPosition" bigint)
       ON CONFLICT (incident_id) DO UPDATE SET title = EXCLUDED.title, severity = EXCLUDED.severity,
         status = EXCLUDED.status, commander = EXCLUDED.commander, declared_at = EXCLUDED.declared_at,
         huddle_due_at = EXCLUDED.huddle_due_at, huddle_overdue_at = EXCLUDED.huddle_overdue_at,
         next_update_due_at = EXCLUDED.next_update_due_at,
         earliest_action_due_at = EXCLUDED.earliest_action_due_at,
         open_actions = EXCLUDED.open_actions, schedule = EXCLUDED.schedule,
         last_position = EXCLUDED.last_position`,
      [JSON.stringify(rows)],
    );
  }
}
