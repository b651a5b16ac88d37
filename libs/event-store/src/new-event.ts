import { randomUUID } from 'node:crypto';
import type { EventMetadata, NewEvent } from './event-store.types';

/** A decided event, ready to append: a fresh event id, and who asked in the metadata. */
export function newEvent(
  event: { readonly type: string; readonly data: object },
  metadata: EventMetadata,
): NewEvent {
  return {
    eventId: randomUUID(),
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata,
  };
}
