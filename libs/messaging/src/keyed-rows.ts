import type { RecordedEvent } from '@sitrep/event-store';

/** A read-model row and the last stream position folded into it. */
export interface VersionedRow<Row> {
  row: Row;
  lastPosition: number;
}

/**
 * Folds a batch into rows kept one per key (e.g. one per incident), pure: events at or below a
 * row's last position are ignored, so a redelivered or replayed event changes nothing. Returns only
 * the rows that changed.
 */
export function foldKeyedRows<Row>(
  current: ReadonlyMap<string, VersionedRow<Row>>,
  events: readonly RecordedEvent[],
  keyOf: (event: RecordedEvent) => string,
  evolve: (row: Row | null, event: RecordedEvent) => Row | null,
): Map<string, VersionedRow<Row>> {
  const changed = new Map<string, VersionedRow<Row>>();
  for (const event of events) {
    const key = keyOf(event);
    const before = changed.get(key) ?? current.get(key) ?? null;
    if (before && before.lastPosition >= event.streamPosition) continue;
    const row = evolve(before?.row ?? null, event);
    if (row !== null) changed.set(key, { row, lastPosition: event.streamPosition });
  }
  return changed;
}
