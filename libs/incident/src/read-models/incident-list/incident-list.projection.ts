import { Injectable } from '@nestjs/common';
import type { Sql } from '@sitrep/platform';
import type { RecordedEvent } from '@sitrep/event-store';
import type { Projection, TableNames } from '@sitrep/messaging';
import { foldIncidentRows } from '../incident-rows';
import { isIncidentStreamEvent } from '../../incident-stream';
import {
  evolveIncidentListRow,
  incidentListRowOf,
  type IncidentListRecord,
} from './incident-list.row';
import { incidentListTable } from './incident-list.table';

@Injectable()
export class IncidentListProjection implements Projection {
  readonly name = 'incident-list';
  readonly tables = [incidentListTable];
  readonly handles = isIncidentStreamEvent;

  async applyBatch(tx: Sql, events: readonly RecordedEvent[], tables: TableNames): Promise<void> {
    const t = tables[incidentListTable.name];
    const changed = await foldIncidentRows(
      tx,
      t,
      events,
      (r: IncidentListRecord) => incidentListRowOf(r),
      evolveIncidentListRow,
    );
    if (changed.size === 0) return;
    const rows = [...changed.values()].map((v) => v.row);
    await tx.query(
      `INSERT INTO ${t} (incident_id, title, severity, status, acknowledged, services, declared_at, updated_at, last_position)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::jsonb[],
                            $7::timestamptz[], $8::timestamptz[], $9::bigint[])
       ON CONFLICT (incident_id) DO UPDATE SET title = EXCLUDED.title, severity = EXCLUDED.severity,
         status = EXCLUDED.status, acknowledged = EXCLUDED.acknowledged, services = EXCLUDED.services,
         declared_at = EXCLUDED.declared_at, updated_at = EXCLUDED.updated_at, last_position = EXCLUDED.last_position`,
      [
        rows.map((r) => r.incidentId),
        rows.map((r) => r.title),
        rows.map((r) => r.severity),
        rows.map((r) => r.status),
        rows.map((r) => r.acknowledged),
        rows.map((r) => JSON.stringify(r.services)),
        rows.map((r) => r.declaredAt),
        rows.map((r) => r.updatedAt),
        rows.map((r) => r.lastPosition),
      ],
    );
  }
}
