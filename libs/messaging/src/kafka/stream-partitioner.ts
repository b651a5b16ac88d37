import { Partitioners, type ICustomPartitioner } from 'kafkajs';

const SEED = 0x9747b28c;
const M = 0x5bd1e995;

/**
 * Kafka's murmur2 hash of a message key, exactly as the Java client's and kafkajs's default
 * partitioners compute it, on 32-bit integers (Math.imul) instead of kafkajs's 64-bit Long
 * objects: the same partitions at a fraction of the cost, where kafkajs's took a visible share of
 * the worker's CPU in an alert storm (perf, bench:ingest; bench/README.md).
 */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const words = length >>> 2;
  for (let i = 0; i < words; i++) {
    const at = i * 4;
    let k = data[at] | (data[at + 1] << 8) | (data[at + 2] << 16) | (data[at + 3] << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const rest = length & 3;
  if (rest > 0) {
    const tail = length - rest;
    if (rest === 3) h ^= data[tail + 2] << 16;
    if (rest >= 2) h ^= data[tail + 1] << 8;
    h ^= data[tail];
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** The partition Kafka's default partitioner gives a stream's events (their key is its id). */
export function partitionOfStream(streamId: string | Uint8Array, partitions: number): number {
  const key = typeof streamId === 'string' ? Buffer.from(streamId) : streamId;
  return (murmur2(key) & 0x7fffffff) % partitions;
}

/**
 * Keyed messages (every event: the key is its stream id) go where Kafka's default partitioner
 * would put them, so a stream's events stay on one partition whichever client wrote them; others
 * are left to kafkajs's default partitioner.
 */
export const streamPartitioner: ICustomPartitioner = () => {
  const fallback = Partitioners.DefaultPartitioner();
  return (args) => {
    const { message, partitionMetadata } = args;
    if (message.partition !== undefined || message.key === undefined || message.key === null) {
      return fallback(args);
    }
    return partitionOfStream(message.key, partitionMetadata.length);
  };
};
