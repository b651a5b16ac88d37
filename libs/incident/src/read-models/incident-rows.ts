import type { Sql } from '@sitrep/platform';
import type { RecordedEvent } from '@sitrep/event-store';
import { foldKeyedRows, type VersionedRow } from '@sitrep/messaging';
import type { IncidentEvent } from '../domain';
import { incidentIdOf } from '../incident-stream';

interface StoredRow {
  incident_id: string;
  last_position: string;
}

/**
 * What the one-row-per-incident read models share: lock the batch's rows (in key order, so two
 * writers never deadlock), fold the events into them, and hand back the rows that changed for the
 * projection's own upsert.
 */
export async function foldIncidentRows<Record extends StoredRow, Row>(
  tx: Sql,
  table: string,
  events: readonly RecordedEvent[],
  rowOf: (record: Record) => Row,
  evolve: (row: Row | null, event: IncidentEvent, position: number) => Row | null,
): Promise<Map<string, VersionedRow<Row>>> {
  const ids = [...new Set(events.map((e) => incidentIdOf(e.streamId)))];
  const stored = await tx.query<Record>(
    `SELECT * FROM ${table} WHERE incident_id = ANY($1::uuid[]) ORDER BY incident_id FOR UPDATE`,
    [ids],
  );
  const current = new Map(
    stored.map((r) => [r.incident_id, { row: rowOf(r), lastPosition: Number(r.last_position) }]),
  );
  return foldKeyedRows<Row>(
    current,
    events,
    (e) => incidentIdOf(e.streamId),
    (row, e) => evolve(row, { type: e.type, data: e.data } as IncidentEvent, e.streamPosition),
  );
}
