import type { Database, Sql } from '@sitrep/platform';
import type { EventStore, LogPosition, RecordedEvent } from '@sitrep/event-store';
import type { Projection, TableNames } from '../projection';

export const REPLAY_PAGE = 5_000;

/**
 * Replays the event log after `from` into the given physical tables, page by page, each page in
 * its own transaction (or all in `tx` when given). Returns where it stopped and how many events the
 * projection read.
 */
export async function replayInto(
  projection: Projection,
  tables: TableNames,
  database: Database,
  events: EventStore,
  from: LogPosition,
  tx?: Sql,
): Promise<{ position: LogPosition; applied: number }> {
  let position = from;
  let applied = 0;
  const spare = !tx && database.maxConnections > 2;
  // Rows of an order-independent projection do not depend on each other's pages, so with spare
  // connections one page is written while the next is prepared and written.
  let writing: Promise<void> = Promise.resolve();
  let page = await events.readAll(position, REPLAY_PAGE);
  while (page.length > 0) {
    position = positionAfter(page);
    // With a second connection free, the next page is read while this one is written.
    const next = spare ? events.readAll(position, REPLAY_PAGE) : null;
    const mine = page.filter((e) => projection.handles(e));
    if (mine.length > 0) {
      const apply = (sql: Sql) => projection.applyBatch(sql, mine, tables);
      const write = tx ? apply(tx) : database.transaction(apply);
      applied += mine.length;
      if (spare && projection.orderIndependent) {
        const previous = writing;
        writing = Promise.all([previous, write]).then(() => undefined);
        await previous;
      } else {
        await write;
      }
    }
    page = await (next ?? events.readAll(position, REPLAY_PAGE));
  }
  await writing;
  return { position, applied };
}

function positionAfter(page: RecordedEvent[]): LogPosition {
  const last = page[page.length - 1];
  return { transactionId: last.transactionId, globalPosition: last.globalPosition };
}
