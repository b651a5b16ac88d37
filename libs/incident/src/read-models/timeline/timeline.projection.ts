import { Injectable } from '@nestjs/common';
import type { Sql } from '@sitrep/platform';
import type { RecordedEvent } from '@sitrep/event-store';
import type { Projection, TableNames } from '@sitrep/messaging';
import { isIncidentStreamEvent } from '../../application/shared/incident-stream';
import { timelineEntryOf } from './timeline.entry';
import { timelineTable } from './timeline.table';

/** One row per incident event; the (incident, position) key makes a redelivery a no-op. */
@Injectable()
export class TimelineProjection implements Projection {
  readonly name = 'incident-timeline';
  readonly tables = [timelineTable];
  readonly handles = isIncidentStreamEvent;

  async applyBatch(tx: Sql, events: readonly RecordedEvent[], tables: TableNames): Promise<void> {
    const entries = events.map(timelineEntryOf);
    if (entries.length === 0) return;
    await tx.query(
      `INSERT INTO ${tables[timelineTable.name]}
         (incident_id, position, event_id, type, kind, occurred_at, recorded_at, actor, summary, details)
       SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::uuid[], $4::text[], $5::text[],
                            $6::timestamptz[], $7::timestamptz[], $8::text[], $9::text[], $10::jsonb[])
       ON CONFLICT (incident_id, position) DO NOTHING`,
      [
        entries.map((e) => e.incidentId),
        entries.map((e) => e.position),
        entries.map((e) => e.eventId),
        entries.map((e) => e.type),
        entries.map((e) => e.kind),
        entries.map((e) => e.occurredAt),
        entries.map((e) => e.recordedAt),
        entries.map((e) => e.actor),
        entries.map((e) => e.summary),
        entries.map((e) => JSON.stringify(e.details)),
      ],
    );
  }
}
