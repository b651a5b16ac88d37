import { Injectable } from '@nestjs/common';
import type { Sql } from '@sitrep/platform';
import type { RecordedEvent } from '@sitrep/event-store';
import type { Projection, TableNames } from '@sitrep/messaging';
import { isIncidentStreamEvent } from '../../incident-stream';
import { timelineEntryOf } from './timeline.entry';
import { timelineTable } from './timeline.table';

/** One row per incident event; the (incident, position) key makes a redelivery a no-op. */
@Injectable()
export class TimelineProjection implements Projection {
  readonly name = 'incident-timeline';
  readonly tables = [timelineTable];
  readonly handles = isIncidentStreamEvent;
  readonly orderIndependent = true;

  async applyBatch(tx: Sql, events: readonly RecordedEvent[], tables: TableNames): Promise<void> {
    const entries = events.map(timelineEntryOf);
    if (entries.length === 0) return;
    // One JSON document for the whole batch, parsed once by jsonb_to_recordset; the entries'
    // field names are the record's columns.
    await tx.query(
      `INSERT INTO ${tables[timelineTable.name]}
         (incident_id, position, event_id, type, kind, occurred_at, recorded_at, actor, summary, details)
       SELECT e."incidentId", e.position, e."eventId", e.type, e.kind, e."occurredAt", e."recordedAt",
              e.actor, e.summary, e.details
         FROM jsonb_to_recordset($1::jsonb) AS e("incidentId" uuid, position bigint, "eventId" uuid,
              type text, kind text, "occurredAt" timestamptz, "recordedAt" timestamptz, actor text,
              summary text, details jsonb)
       ON CONFLICT (incident_id, position) DO NOTHING`,
      [JSON.stringify(entries)],
    );
  }
}
