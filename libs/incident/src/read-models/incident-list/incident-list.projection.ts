import { Injectable } from '@nestjs/common';
import type { Sql } from '@sitrep/platform';
import type { RecordedEvent } from '@sitrep/event-store';
import type { Projection } from '@sitrep/messaging';
import type { IncidentEvent } from '../../domain';
import { isIncidentStreamEvent } from '../../application/shared/incident-stream';
import {
  evolveIncidentListRow,
  incidentListRowOf,
  type IncidentListRecord,
} from './incident-list.row';
import { INCIDENT_LIST_TABLE } from './incident-list.table';

@Injectable()
export class IncidentListProjection implements Projection {
  readonly name = 'incident-list';
  readonly tables = [INCIDENT_LIST_TABLE];

  readonly handles = isIncidentStreamEvent;

  async apply(tx: Sql, event: RecordedEvent): Promise<void> {
    const table = INCIDENT_LIST_TABLE;
    const incidentId = event.data.incidentId as string;
    const [stored] = await tx.query<IncidentListRecord>(
      `SELECT * FROM ${table} WHERE incident_id = $1 FOR UPDATE`,
      [incidentId],
    );
    const current = stored ? incidentListRowOf(stored) : null;
    if (current && current.lastPosition >= event.streamPosition) return;
    const next = evolveIncidentListRow(
      current,
      { type: event.type, data: event.data } as IncidentEvent,
      event.streamPosition,
    );
    if (!next) return;
    await tx.query(
      `INSERT INTO ${table} (incident_id, title, severity, status, acknowledged, services, declared_at, updated_at, last_position)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (incident_id) DO UPDATE SET title = $2, severity = $3, status = $4, acknowledged = $5,
         services = $6, declared_at = $7, updated_at = $8, last_position = $9`,
      [
        next.incidentId,
        next.title,
        next.severity,
        next.status,
        next.acknowledged,
        next.services,
        next.declaredAt,
        next.updatedAt,
        next.lastPosition,
      ],
    );
  }
}
