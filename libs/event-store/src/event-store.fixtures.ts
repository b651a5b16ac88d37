import { randomUUID } from 'node:crypto';
import type { EventStore, LogPosition, NewEvent, RecordedEvent } from './event-store.types';
import { LOG_START } from './event-store.types';

/** Test helpers: fresh ids per test, and reading the global log the way a subscriber does. */
export function streamId(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}

export function anEvent(type = 'SomethingHappened', data: Record<string, unknown> = {}): NewEvent {
  return { eventId: randomUUID(), type, data };
}

export function events(count: number, type = 'SomethingHappened'): NewEvent[] {
  return Array.from({ length: count }, (_, i) => anEvent(type, { n: i + 1 }));
}

export function positionOf(event: RecordedEvent): LogPosition {
  return { transactionId: event.transactionId, globalPosition: event.globalPosition };
}

/** Pages through everything readable after `from` right now; returns it and where it stopped. */
export async function readToEnd(
  store: EventStore,
  from: LogPosition = LOG_START,
  pageSize = 1000,
): Promise<{ events: RecordedEvent[]; checkpoint: LogPosition }> {
  const all: RecordedEvent[] = [];
  let checkpoint = from;
  for (;;) {
    const page = await store.readAll(checkpoint, pageSize);
    all.push(...page);
    if (page.length > 0) checkpoint = positionOf(page[page.length - 1]);
    if (page.length < pageSize) return { events: all, checkpoint };
  }
}

/**
 * Keeps reading after `from` until `done` holds for what was read. Unrelated transactions on the
 * shared server can hold the log back for a moment, so visibility is waited for, never assumed.
 */
export async function readUntil(
  store: EventStore,
  from: LogPosition,
  done: (events: RecordedEvent[]) => boolean,
  timeoutMs = 10_000,
): Promise<RecordedEvent[]> {
  const deadline = Date.now() + timeoutMs;
  const all: RecordedEvent[] = [];
  let checkpoint = from;
  while (!done(all)) {
    if (Date.now() > deadline) return all;
    const read = await readToEnd(store, checkpoint);
    all.push(...read.events);
    checkpoint = read.checkpoint;
    if (read.events.length === 0) await sleep(20);
  }
  return all;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
