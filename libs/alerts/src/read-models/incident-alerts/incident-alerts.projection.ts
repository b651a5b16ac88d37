import { Injectable } from '@nestjs/common';
import type { Sql } from '@sitrep/platform';
import type { RecordedEvent } from '@sitrep/event-store';
import type { Projection, TableNames } from '@sitrep/messaging';
import { isAlertEventType } from '../../domain';
import {
  ALERT_EVENTS_ROUTE,
  ALERT_GROUP_STREAM_PREFIX,
  ALERT_STREAM_PREFIX,
} from '../../alert-streams';
import { foldIncidentAlerts, type AlertCursor } from './incident-alerts.fold';
import { incidentAlertCursorsTable, incidentAlertsTable } from './incident-alerts.table';

export function isAlertStreamEvent(event: { streamId: string; type: string }): boolean {
  return (
    event.streamId.startsWith(ALERT_STREAM_PREFIX) &&
    !event.streamId.startsWith(ALERT_GROUP_STREAM_PREFIX) &&
    isAlertEventType(event.type)
  );
}

interface CursorRecord {
  stream_id: string;
  episode: number;
  incident_id: string | null;
  last_position: string;
}

/**
 * Why each alert belongs to its incident: one row per decision (opened, joined, reopened,
 * deduplicated, updated, resolved), keyed by (alert stream, position) so a redelivery is a no-op.
 */
@Injectable()
export class IncidentAlertsProjection implements Projection {
  readonly name = 'incident-alerts';
  readonly tables = [incidentAlertsTable, incidentAlertCursorsTable];
  readonly handles = isAlertStreamEvent;
  readonly route = ALERT_EVENTS_ROUTE;

  async applyBatch(tx: Sql, events: readonly RecordedEvent[], tables: TableNames): Promise<void> {
    const rowsTable = tables[incidentAlertsTable.name];
    const cursorsTable = tables[incidentAlertCursorsTable.name];
    const streams = [...new Set(events.map((e) => e.streamId))].sort();
    if (streams.length === 0) return;
    const stored = await tx.query<CursorRecord>(
      `SELECT * FROM ${cursorsTable} WHERE stream_id = ANY($1::text[]) ORDER BY stream_id FOR UPDATE`,
      [streams],
    );
    const current = new Map<string, AlertCursor>(
      stored.map((r) => [
        r.stream_id,
        { episode: r.episode, incidentId: r.incident_id, lastPosition: Number(r.last_position) },
      ]),
    );
    const { rows, attached, cursors } = foldIncidentAlerts(current, events);
    if (rows.length > 0) {
      await tx.query(
        `INSERT INTO ${rowsTable} (stream_id, position, incident_id, integration_id, dedup_key, episode,
                                   decision, rule, reason, delivery_id, count, at)
         SELECT r."streamId", r.position, r."incidentId", r."integrationId", r."dedupKey", r.episode,
                r.decision, r.rule, r.reason, r."deliveryId", r.count, r.at
           FROM jsonb_to_recordset($1::jsonb) AS r("streamId" text, position bigint, "incidentId" uuid,
                "integrationId" text, "dedupKey" text, episode integer, decision text, rule text,
                reason text, "deliveryId" text, count integer, at timestamptz)
         ON CONFLICT (stream_id, position) DO NOTHING`,
        [JSON.stringify(rows)],
      );
    }
    if (attached.length > 0) {
      await tx.query(
        `UPDATE ${rowsTable} AS t SET incident_id = a."incidentId"
           FROM jsonb_to_recordset($1::jsonb) AS a("streamId" text, episode integer, "incidentId" uuid)
          WHERE t.stream_id = a."streamId" AND t.episode = a.episode AND t.incident_id IS NULL`,
        [JSON.stringify(attached)],
      );
    }
    if (cursors.size === 0) return;
    const moved = [...cursors].map(([streamId, c]) => ({ streamId, ...c }));
    await tx.query(
      `INSERT INTO ${cursorsTable} (stream_id, episode, incident_id, last_position)
       SELECT c."streamId", c.episode, c."incidentId", c."lastPosition"
         FROM jsonb_to_recordset($1::jsonb) AS c("streamId" text, episode integer, "incidentId" uuid,
              "lastPosition" bigint)
       ON CONFLICT (stream_id) DO UPDATE SET episode = EXCLUDED.episode,
         incident_id = EXCLUDED.incident_id, last_position = EXCLUDED.last_position`,
      [JSON.stringify(moved)],
    );
  }
}
