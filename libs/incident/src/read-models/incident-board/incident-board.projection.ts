import { Injectable } from '@nestjs/common';
import type { Sql } from '@sitrep/platform';
import type { RecordedEvent } from '@sitrep/event-store';
import type { Projection, TableNames } from '@sitrep/messaging';
import { foldIncidentRows } from '../incident-rows';
import { isIncidentStreamEvent } from '../../incident-stream';
import {
  evolveIncidentBoardRow,
  incidentBoardRowOf,
  type IncidentBoardRecord,
} from './incident-board.row';
import { incidentBoardTable } from './incident-board.table';

@Injectable()
export class IncidentBoardProjection implements Projection {
  readonly name = 'incident-board';
  readonly tables = [incidentBoardTable];
  readonly handles = isIncidentStreamEvent;

  async applyBatch(tx: Sql, events: readonly RecordedEvent[], tables: TableNames): Promise<void> {
    const t = tables[incidentBoardTable.name];
    const changed = await foldIncidentRows(
      tx,
      t,
      events,
      (r: IncidentBoardRecord) => incidentBoardRowOf(r),
      evolveIncidentBoardRow,
    );
    if (changed.size === 0) return;
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
