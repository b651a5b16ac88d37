import type { Sql } from '@sitrep/platform';
import type { RecordedEvent } from '@sitrep/event-store';
import {
  foldKeyedRows,
  type Projection,
  type ReadModelTable,
  type TableNames,
  type VersionedRow,
} from '@sitrep/messaging';
import type { IncidentEvent } from '../domain';
import { incidentIdOf, isIncidentStreamEvent } from '../incident-stream';

/** A stored row as read back: its key and the last stream position it applied, then its columns. */
export interface IncidentRowRecord {
  incident_id: string;
  last_position: string;
}

/** The rows a batch changed, by incident id, each with the last stream position folded into it. */
export type ChangedIncidentRows<Row> = ReadonlyMap<string, VersionedRow<Row>>;

/**
 * What the one-row-per-incident read models share: lock the batch's rows (in key order, so two
 * writers never deadlock), fold the events into them, and upsert only the rows that changed. Each
 * read model says how a stored record reads and how an event changes its row (pure functions), and
 * how its rows are written.
 */
export abstract class IncidentRowProjection<
  Stored extends IncidentRowRecord,
  Row,
> implements Projection {
  readonly tables: readonly ReadModelTable[];
  readonly handles = isIncidentStreamEvent;

  protected constructor(
    readonly name: string,
    private readonly table: ReadModelTable,
    private readonly rowOf: (record: Stored) => Row,
    private readonly evolve: (
      row: Row | null,
      event: IncidentEvent,
      position: number,
    ) => Row | null,
  ) {
    this.tables = [table];
  }

  /** Inserts or replaces the changed rows in `table` (the physical table this application writes). */
  protected abstract upsert(
    tx: Sql,
    table: string,
    changed: ChangedIncidentRows<Row>,
  ): Promise<void>;

  async applyBatch(tx: Sql, events: readonly RecordedEvent[], tables: TableNames): Promise<void> {
    const table = tables[this.table.name];
    const changed = await this.fold(tx, table, events);
    if (changed.size > 0) await this.upsert(tx, table, changed);
  }

  private async fold(
    tx: Sql,
    table: string,
    events: readonly RecordedEvent[],
  ): Promise<Map<string, VersionedRow<Row>>> {
    const ids = [...new Set(events.map((e) => incidentIdOf(e.streamId)))];
    const stored = await tx.query<Stored>(
      `SELECT * FROM ${table} WHERE incident_id = ANY($1::uuid[]) ORDER BY incident_id FOR UPDATE`,
      [ids],
    );
    const current = new Map(
      stored.map((r) => [
        r.incident_id,
        { row: this.rowOf(r), lastPosition: Number(r.last_position) },
      ]),
    );
    return foldKeyedRows<Row>(
      current,
      events,
      (e) => incidentIdOf(e.streamId),
      (row, e) =>
        this.evolve(row, { type: e.type, data: e.data } as IncidentEvent, e.streamPosition),
    );
  }
}
