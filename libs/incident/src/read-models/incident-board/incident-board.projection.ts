import { Injectable } from '@nestjs/common';
import type { Sql } from '@sitrep/platform';
import type { RecordedEvent } from '@sitrep/event-store';
import { foldKeyedRows, type Projection, type TableNames } from '@sitrep/messaging';
import type { IncidentEvent } from '../../domain';
import { incidentIdOf, isIncidentStreamEvent } from '../../application/shared/incident-stream';
import {
  evolveIncidentBoardRow,
  incidentBoardRowOf,
  type IncidentBoardRecord,
  type IncidentBoardRow,
} from './incident-board.row';
import { incidentBoardTable } from './incident-board.table';

@Injectable()
export class IncidentBoardProjection implements Projection {
  readonly name = 'incident-board';
  readonly tables = [incidentBoardTable];
  readonly handles = isIncidentStreamEvent;

  async applyBatch(tx: Sql, events: readonly RecordedEvent[], tables: TableNames): Promise<void> {
    const t = tables[incidentBoardTable.name];
    const ids = [...new Set(events.map((e) => incidentIdOf(e.streamId)))];
    const stored = await tx.query<IncidentBoardRecord>(
      `SELECT * FROM ${t} WHERE incident_id = ANY($1::uuid[]) ORDER BY incident_id FOR UPDATE`,
      [ids],
    );
    const current = new Map(
      stored.map((r) => [
        r.incident_id,
        { row: incidentBoardRowOf(r), lastPosition: Number(r.last_position) },
      ]),
    );
    const changed = foldKeyedRows<IncidentBoardRow>(
      current,
      events,
      (e) => incidentIdOf(e.streamId),
      (row, e) =>
        evolveIncidentBoardRow(
          row,
          { type: e.type, data: e.data } as IncidentEvent,
          e.streamPosition,
        ),
    );
    if (changed.size === 0) return;
    const rows = [...changed.values()].map((v) => v.row);
    const column = <K extends keyof IncidentBoardRow>(k: K) => rows.map((r) => r[k]);
    await tx.query(
      `INSERT INTO ${t} (incident_id, title, severity, status, commander, declared_at, huddle_due_at,
                         huddle_overdue_at, next_update_due_at, earliest_action_due_at, open_actions,
                         schedule, last_position)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[],
                            $6::timestamptz[], $7::timestamptz[], $8::timestamptz[], $9::timestamptz[],
                            $10::timestamptz[], $11::int[], $12::jsonb[], $13::bigint[])
       ON CONFLICT (incident_id) DO UPDATE SET title = EXCLUDED.title, severity = EXCLUDED.severity,
         status = EXCLUDED.status, commander = EXCLUDED.commander, declared_at = EXCLUDED.declared_at,
         huddle_due_at = EXCLUDED.huddle_due_at, huddle_overdue_at = EXCLUDED.huddle_overdue_at,
         next_update_due_at = EXCLUDED.next_update_due_at,
         earliest_action_due_at = EXCLUDED.earliest_action_due_at,
         open_actions = EXCLUDED.open_actions, schedule = EXCLUDED.schedule,
         last_position = EXCLUDED.last_position`,
      [
        column('incidentId'),
        column('title'),
        column('severity'),
        column('status'),
        column('commander'),
        column('declaredAt'),
        column('huddleDueAt'),
        column('huddleOverdueAt'),
        column('nextUpdateDueAt'),
        column('earliestActionDueAt'),
        column('openActions'),
        rows.map((r) => JSON.stringify(r.schedule)),
        column('lastPosition'),
      ],
    );
  }
}
