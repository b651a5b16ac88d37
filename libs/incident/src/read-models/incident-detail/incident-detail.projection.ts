import { Injectable } from '@nestjs/common';
import type { Sql } from '@sitrep/platform';
import type { RecordedEvent } from '@sitrep/event-store';
import type { Projection } from '@sitrep/messaging';
import type { IncidentEvent } from '../../domain';
import { isIncidentStreamEvent } from '../../application/shared/incident-stream';
import { evolveIncidentDetail, type IncidentDetail } from './incident-detail.document';
import { INCIDENT_DETAIL_TABLE } from './incident-detail.table';

@Injectable()
export class IncidentDetailProjection implements Projection {
  readonly name = 'incident-detail';
  readonly tables = [INCIDENT_DETAIL_TABLE];

  readonly handles = isIncidentStreamEvent;

  async apply(tx: Sql, event: RecordedEvent): Promise<void> {
    const incidentId = event.data.incidentId as string;
    const [stored] = await tx.query<{ document: IncidentDetail; last_position: string }>(
      `SELECT document, last_position FROM ${INCIDENT_DETAIL_TABLE} WHERE incident_id = $1 FOR UPDATE`,
      [incidentId],
    );
    if (stored && Number(stored.last_position) >= event.streamPosition) return;
    const next = evolveIncidentDetail(
      stored?.document ?? null,
      { type: event.type, data: event.data } as IncidentEvent,
      event.streamPosition,
    );
    if (!next) return;
    await tx.query(
      `INSERT INTO ${INCIDENT_DETAIL_TABLE} (incident_id, document, last_position) VALUES ($1, $2, $3)
       ON CONFLICT (incident_id) DO UPDATE SET document = $2, last_position = $3`,
      [incidentId, next, event.streamPosition],
    );
  }
}
