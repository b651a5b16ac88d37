import { Injectable } from '@nestjs/common';
import type { Sql } from '@sitrep/platform';
import type { RecordedEvent } from '@sitrep/event-store';
import { foldKeyedRows, type Projection, type TableNames } from '@sitrep/messaging';
import type { IncidentEvent } from '../../domain';
import { incidentIdOf, isIncidentStreamEvent } from '../../application/shared/incident-stream';
import {
  compactIncidentDetail,
  evolveIncidentDetailFacts,
  storedIncidentDetail,
  withDeadlines,
  type IncidentDetail,
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
    const ids = [...new Set(events.map((e) => incidentIdOf(e.streamId)))];
    const stored = await tx.query<{
      incident_id: string;
      document: StoredIncidentDetail;
      last_position: string;
    }>(`SELECT * FROM ${t} WHERE incident_id = ANY($1::uuid[]) ORDER BY incident_id FOR UPDATE`, [
      ids,
    ]);
    const current = new Map(
      stored.map((r) => [
        r.incident_id,
        { row: storedIncidentDetail(r.document), lastPosition: Number(r.last_position) },
      ]),
    );
    const changed = foldKeyedRows<IncidentDetail>(
      current,
      events,
      (e) => incidentIdOf(e.streamId),
      (doc, e) =>
        evolveIncidentDetailFacts(
          doc,
          { type: e.type, data: e.data } as IncidentEvent,
          e.streamPosition,
        ),
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
