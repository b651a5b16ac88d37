import { Injectable } from '@nestjs/common';
import type { Sql } from '@sitrep/platform';
import {
  IncidentRowProjection,
  type ChangedIncidentRows,
  type IncidentRowRecord,
} from '../incident-row.projection';
import {
  compactIncidentDetail,
  evolveIncidentDetailFacts,
  storedIncidentDetail,
  withDeadlines,
  type IncidentDetail,
  type StoredIncidentDetail,
} from './incident-detail.document';
import { incidentDetailTable } from './incident-detail.table';

type IncidentDetailRecord = IncidentRowRecord & { document: StoredIncidentDetail };

@Injectable()
export class IncidentDetailProjection extends IncidentRowProjection<
  IncidentDetailRecord,
  IncidentDetail
> {
  constructor() {
    // Folded without the deadlines, which follow from the rest: derived once per document below.
    super(
      'incident-detail',
      incidentDetailTable,
      (record: IncidentDetailRecord) => storedIncidentDetail(record.document),
      evolveIncidentDetailFacts,
    );
  }

  protected async upsert(tx: Sql, t: string, changed: ChangedIncidentRows<IncidentDetail>) {
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
