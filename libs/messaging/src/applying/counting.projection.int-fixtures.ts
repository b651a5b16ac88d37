import { randomUUID } from 'node:crypto';
import type { Sql } from '@sitrep/platform';
import type { RecordedEvent } from '@sitrep/event-store';
import { installReadModels } from '../catalog/read-model-catalog.migrations';
import type { Projection, ReadModelTable, TableNames } from '../projection';

/**
 * A test projection with its own table and stream category: counts the events of each stream,
 * ignoring anything at or below the row's last position. Events can be made to fail on demand.
 */
export class CountingProjection implements Projection {
  readonly name: string;
  readonly category: string;
  readonly table: ReadModelTable;
  readonly tables: readonly ReadModelTable[];
  /** Event ids that throw when applied, until removed. */
  readonly poison = new Set<string>();
  /** How many more calls of applyBatch throw (a passing failure). */
  failNextCalls = 0;
  calls = 0;

  constructor() {
    const suffix = randomUUID().replace(/-/g, '').slice(0, 12);
    this.name = `test-counts-${suffix}`;
    this.category = `counted${suffix}`;
    this.table = {
      name: `test_counts_${suffix}`,
      create: (physical) => [
        `CREATE TABLE ${physical} (stream_id text PRIMARY KEY, n integer NOT NULL,
           last_position integer NOT NULL, event_ids text[] NOT NULL)`,
      ],
    };
    this.tables = [this.table];
  }

  get migration() {
    return installReadModels(`TestCounts${this.category}${Date.now()}`, this);
  }

  stream(): string {
    return `${this.category}-${randomUUID()}`;
  }

  handles(event: Pick<RecordedEvent, 'streamId'>): boolean {
    return event.streamId.startsWith(`${this.category}-`);
  }

  async applyBatch(tx: Sql, events: readonly RecordedEvent[], tables: TableNames): Promise<void> {
    this.calls += 1;
    if (this.failNextCalls > 0) {
      this.failNextCalls -= 1;
      throw new Error('a passing failure');
    }
    for (const event of events) {
      if (this.poison.has(event.eventId)) throw new Error(`poison event ${event.eventId}`);
      await tx.query(
        `INSERT INTO ${tables[this.table.name]} AS t (stream_id, n, last_position, event_ids)
         VALUES ($1, 1, $2, ARRAY[$3])
         ON CONFLICT (stream_id) DO UPDATE
           SET n = t.n + 1, last_position = excluded.last_position,
               event_ids = t.event_ids || excluded.event_ids
           WHERE t.last_position < excluded.last_position`,
        [event.streamId, event.streamPosition, event.eventId],
      );
    }
  }

  async rows(
    sql: Sql,
  ): Promise<Record<string, { n: number; lastPosition: number; eventIds: string[] }>> {
    const rows = await sql.query<{
      stream_id: string;
      n: number;
      last_position: number;
      event_ids: string[];
    }>(`SELECT * FROM ${this.table.name}`);
    return Object.fromEntries(
      rows.map((r) => [
        r.stream_id,
        { n: r.n, lastPosition: r.last_position, eventIds: r.event_ids },
      ]),
    );
  }
}

let position = Date.now() * 1000;

/** Events of a stream as the log would deliver them (positions increasing across calls). */
export function recordedEvents(streamId: string, count: number, fromPosition = 1): RecordedEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    globalPosition: ++position,
    streamId,
    streamPosition: fromPosition + i,
    eventId: randomUUID(),
    type: 'SomethingCounted',
    schemaVersion: 1,
    data: { n: fromPosition + i },
    metadata: { actor: 'test' },
    recordedAt: new Date(),
    transactionId: String(position),
  }));
}
