import { Injectable } from '@nestjs/common';
import type { Sql } from '@sitrep/platform';
import type { RecordedEvent } from '@sitrep/event-store';
import type { Projection, TableNames } from '@sitrep/messaging';
import { foldIncidentRows } from '../incident-rows';
import { isIncidentStreamEvent } from '../../incident-stream';
import {
  compactIncidentDetail,
  evolveIncidentDetailFacts,
  storedIncidentDetail,
  withDeadlines,
  type StoredIncidentDetail,
} from './incident-detail.document';
import { incidentDetailTable } from './incident-detail.table';

@Injectable()
export class IncidentDetailProjection implements Projection {
  readonly name = 'incident-detail';
  readonly tables = [incidentDetailTable];
  readonly handles = isIncidentStreamEvent;

  async applyBatch(tx: Sql, events: readonly RecordedEvent[], tables: TableNames): Promise<void> {
    const t = tables[incidentDetailTable.name];
    const changed = await foldIncidentRows(
      tx,
      t,
      events,
      (r: { incident_id: string; document: StoredIncidentDetail; last_position: string }) =>
        storedIncidentDetail(r.document),
      evolveIncidentDetailFacts,
    );
    if (changed.size === 0) return;
    // One JSON document for the whole batch: parsed once, instead of an array literal of escaped JSON.
    const rows = [...changed.entries()].map(([id, v]) => ({
      id,
      doc: compactIncidentDetail(withDeadlines(v.row)),
      pos: v.lastPosition,
    }));
    await tx.query(
      `INSERT INTO ${t} (incident_id, document, last_position)
       SELECT r.id, r.doc, r.pos FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, doc jsonb, pos bigint)
       ON CONFLICT (incident_id) DO UPDATE SET document = EXCLUDED.document, last_position = EXCLUDED.last_position`,
      [JSON.stringify(rows)],
    );
  }
}
