import type { KafkaMessage } from 'kafkajs';
import type { RecordedEvent } from '@sitrep/event-store';
import { errorText } from '../applying/apply-errors';
import type { Projection } from '../projection';
import { CLOUD_EVENT_TYPE_PREFIX, fromCloudEvent } from './cloud-event';

/** What one sub-batch of a partition brings to the transaction it shares with other partitions. */
export interface PartitionChunk {
  partition: number;
  /** The partition's offset after the chunk. */
  next: string;
  events: RecordedEvent[];
  unreadable: Array<{ id: string; raw: string; error: string }>;
  /** Global positions of the messages this projection does not read. */
  skipped: number[];
}

/** Sorts a sub-batch's messages into the events to apply, the unreadable, and the skipped. */
export function readChunk(
  topic: string,
  partition: number,
  chunk: readonly KafkaMessage[],
  projection: Pick<Projection, 'handles'>,
): PartitionChunk {
  const part: PartitionChunk = {
    partition,
    next: (BigInt(chunk[chunk.length - 1].offset) + 1n).toString(),
    events: [],
    unreadable: [],
    skipped: [],
  };
  for (const message of chunk) {
    const passed = notRead(message, projection);
    if (passed !== null) {
      part.skipped.push(passed);
      continue;
    }
    const raw = message.value?.toString() ?? '';
    try {
      part.events.push(fromCloudEvent(raw));
    } catch (error) {
      const id = `${topic}/${partition}/${message.offset}`;
      part.unreadable.push({ id, raw, error: errorText(error) });
    }
  }
  return part;
}

/**
 * The global position of a message this projection does not read, told by its key (the stream)
 * and headers alone, so most of a busy topic is never decoded; null: decode it.
 */
function notRead(message: KafkaMessage, projection: Pick<Projection, 'handles'>): number | null {
  const type = message.headers?.ce_type?.toString();
  const position = message.headers?.ce_globalposition?.toString();
  const streamId = message.key?.toString();
  if (!type?.startsWith(CLOUD_EVENT_TYPE_PREFIX) || !position || !streamId) return null;
  const event = { streamId, type: type.slice(CLOUD_EVENT_TYPE_PREFIX.length) };
  return projection.handles(event) ? null : Number(position);
}
