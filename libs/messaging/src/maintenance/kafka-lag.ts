import type { Admin } from 'kafkajs';
import type { Database } from '@sitrep/platform';

export interface PartitionLag {
  partition: number;
  /** The next offset the projection will apply (stored with its rows); the log start if none. */
  nextOffset: number;
  /** The partition's high watermark: the offset the next message will get. */
  endOffset: number;
  lag: number;
}

export interface KafkaLag {
  topic: string;
  /** Messages on the topic the projection has not applied yet, all partitions together. */
  lagMessages: number;
  partitions: PartitionLag[];
}

/**
 * How far a projection kept from Kafka is behind its topic: per partition, the high watermark
 * minus the next offset stored beside its rows (a partition it never stored starts at the log
 * start, as a new consumer group reads from the beginning). Kafka's own committed offsets only
 * trail those, so they are not used.
 */
export async function kafkaLag(
  database: Database,
  admin: Admin,
  projection: string,
  topic: string,
): Promise<KafkaLag> {
  const ends = await admin.fetchTopicOffsets(topic);
  const stored = await database.query<{ partition: number; next_offset: string }>(
    `SELECT partition, next_offset::text FROM projection_offsets WHERE projection = $1 AND topic = $2`,
    [projection, topic],
  );
  const next = new Map(stored.map((row) => [row.partition, Number(row.next_offset)]));
  const partitions = ends
    .map(({ partition, high, low }) => {
      const endOffset = Number(high);
      const nextOffset = Math.max(next.get(partition) ?? Number(low), Number(low));
      return { partition, nextOffset, endOffset, lag: Math.max(0, endOffset - nextOffset) };
    })
    .sort((a, b) => a.partition - b.partition);
  return { topic, lagMessages: partitions.reduce((sum, p) => sum + p.lag, 0), partitions };
}
