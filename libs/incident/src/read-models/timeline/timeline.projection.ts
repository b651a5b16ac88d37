import { Injectable } from '@nestjs/common';
import type { Sql } from '@sitrep/platform';
import type { RecordedEvent } from '@sitrep/event-store';
import type { Projection } from '@sitrep/messaging';
import { isIncidentStreamEvent } from '../../application/shared/incident-stream';
import { timelineEntryOf } from './timeline.entry';
import { TIMELINE_TABLE } from './timeline.table';

/** One row per incident event; the (incident, position) key makes a redelivery a no-op. */
@Injectable()
export class TimelineProjection implements Projection {
  readonly name = 'incident-timeline';
  readonly tables = [TIMELINE_TABLE];

  readonly handles = isIncidentStreamEvent;

  async apply(tx: Sql, event: RecordedEvent): Promise<void> {
    const e = timelineEntryOf(event);
    await tx.query(
      `INSERT INTO ${TIMELINE_TABLE}
         (incident_id, position, event_id, type, kind, occurred_at, recorded_at, actor, summary, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (incident_id, position) DO NOTHING`,
      [
        e.incidentId,
        e.position,
        e.eventId,
        e.type,
        e.kind,
        e.occurredAt,
        e.recordedAt,
        e.actor,
        e.summary,
        e.details,
      ],
    );
  }
}
