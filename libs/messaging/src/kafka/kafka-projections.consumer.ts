import { Logger } from '@nestjs/common';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { GroupCommit, type Database, type Sql } from '@sitrep/platform';
import type { RecordedEvent } from '@sitrep/event-store';
import { errorText } from '../applying/apply-errors';
import { parkUnreadable } from '../applying/parked-events';
import {
  ProjectionApplier,
  type ApplierOptions,
  type ProjectionMetricsRecorder,
} from '../applying/projection-applier';
import type { Projection } from '../projection';
import { CLOUD_EVENT_TYPE_PREFIX, fromCloudEvent } from './cloud-event';
import { TOPIC_PARTITIONS } from './kafka-topics';

export interface KafkaProjectionConsumerOptions {
  topic: string;
  /** Defaults to `sitrep.projection.<projection name>`. */
  groupId?: string;
  /** Messages per transaction; the consumer heartbeats between them. */
  subBatchSize: number;
  maxWaitTimeInMs: number;
  sessionTimeout: number;
  heartbeatInterval: number;
  partitionsConsumedConcurrently: number;
  applier: Partial<ApplierOptions>;
  metrics?: ProjectionMetricsRecorder;
}

export interface KafkaProjectionStatus {
  projection: string;
  groupId: string;
  topic: string;
  running: boolean;
  assignedPartitions: number[];
  /** Messages behind the high watermark, by partition, as of each partition's last batch. */
  lag: Record<number, number>;
  applied: number;
  parked: number;
  lastError: string | null;
}

const DEFAULTS = {
  subBatchSize: 200,
  // How long the broker holds a fetch that finds nothing; data answers it at once. Each of the
  // projections' consumers of a quiet topic fetches this often: 100 ms made idle fetches a few
  // percent of the worker's CPU (and the broker's) while a storm filled the other topic.
  maxWaitTimeInMs: 500,
  sessionTimeout: 30_000,
  heartbeatInterval: 3_000,
  // All partitions of a fetch at once: their chunks then share one transaction.
  partitionsConsumedConcurrently: TOPIC_PARTITIONS,
  applier: {},
};

/** What one sub-batch of a partition brings to the transaction it shares with other partitions. */
interface PartitionChunk {
  partition: number;
  /** The partition's offset after the chunk. */
  next: string;
  events: RecordedEvent[];
  unreadable: Array<{ id: string; raw: string; error: string }>;
  /** Global positions of the messages this projection does not read. */
  skipped: number[];
}

const RECENT_LIMIT = 10_000;
/**
 * Offsets that need not be exact are written at most this often per partition: a sub-batch of
 * only events this projection does not read changes no row, so its offset can wait (a restart
 * re-reads, and skips again, what came since); and Kafka's copy of the offset only has to trail
 * PostgreSQL's.
 */
const LAZY_OFFSET_INTERVAL_MS = 5_000;

/** When something was last done, per partition, so it is done at most every `intervalMs`. */
class PerPartitionInterval {
  private readonly doneAt = new Map<number, number>();

  constructor(private readonly intervalMs: number) {}

  due(partition: number): boolean {
    return Date.now() - (this.doneAt.get(partition) ?? 0) >= this.intervalMs;
  }

  done(partition: number): void {
    this.doneAt.set(partition, Date.now());
  }
}

/** Stores the next offsets of several partitions (each partition once), never moving one back. */
const STORE_OFFSETS_SQL = `
INSERT INTO projection_offsets (projection, topic, partition, next_offset)
SELECT $1, $2, p.partition, p.next_offset
  FROM unnest($3::int[], $4::bigint[]) AS p(partition, next_offset)
ON CONFLICT (projection, topic, partition) DO UPDATE
  SET next_offset = GREATEST(projection_offsets.next_offset, excluded.next_offset), updated_at = now()`;

/**
 * One projection kept from the Kafka topic by its own consumer group. Each sub-batch of a
 * partition is applied in one PostgreSQL transaction that also stores the partition's next offset
 * (offsets never move back: a consumer that lost the partition in a rebalance may still finish a
 * batch). Only after that commit is the offset resolved and (every few seconds) committed to
 * Kafka, so Kafka's offset trails PostgreSQL's; on (re)assignment the consumer seeks to the
 * offsets stored in PostgreSQL.
 * Whatever is delivered twice anyway is absorbed by the rows' stream positions.
 */
export class KafkaProjectionConsumer {
  readonly options: KafkaProjectionConsumerOptions & { groupId: string };
  private readonly logger: Logger;
  private readonly applier: ProjectionApplier;
  private consumer: Consumer | null = null;
  private assigned: number[] = [];
  private readonly lag = new Map<number, number>();
  private readonly waiters = new Map<number, Array<(ok: boolean) => void>>();
  private readonly offsetStored = new PerPartitionInterval(LAZY_OFFSET_INTERVAL_MS);
  private readonly kafkaCommitted = new PerPartitionInterval(LAZY_OFFSET_INTERVAL_MS);
  private readonly recent = new Map<number, boolean>();
  private readonly commits = new GroupCommit<PartitionChunk>((parts) => this.applyParts(parts), {
    gatherOneTurn: true,
  });
  private applied = 0;
  private parked = 0;
  private lastError: string | null = null;

  constructor(
    private readonly kafka: Kafka,
    private readonly database: Database,
    readonly projection: Projection,
    options: Partial<KafkaProjectionConsumerOptions> &
      Pick<KafkaProjectionConsumerOptions, 'topic'>,
  ) {
    this.options = {
      ...DEFAULTS,
      groupId: `sitrep.projection.${projection.name}`,
      ...options,
    };
    this.logger = new Logger(`KafkaProjection:${projection.name}`);
    this.applier = new ProjectionApplier(
      projection,
      database,
      this.options.applier,
      this.options.metrics,
    );
  }

  async start(): Promise<void> {
    const { groupId, sessionTimeout, heartbeatInterval, maxWaitTimeInMs, topic } = this.options;
    const consumer: Consumer = this.kafka.consumer({
      groupId,
      sessionTimeout,
      heartbeatInterval,
      maxWaitTimeInMs,
      allowAutoTopicCreation: false,
      // kafkajs restarts a crashed consumer on a timer that a disconnect made while the crash is
      // being handled does not cancel: once stopped, a consumer must stay stopped (it would
      // otherwise retry a broker that is gone for ever, and keep its process alive).
      retry: { retries: 5, restartOnFailure: async () => this.consumer === consumer },
    });
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      void this.onAssigned(consumer, payload.memberAssignment[topic] ?? []);
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.lastError = errorText(payload.error);
      this.logger.error(`consumer crashed (restart: ${payload.restart}): ${this.lastError}`);
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  /** Lets the sub-batch in flight commit, then leaves the group. */
  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = null;
    this.assigned = [];
    if (consumer) await consumer.disconnect();
  }

  status(): KafkaProjectionStatus {
    return {
      projection: this.projection.name,
      groupId: this.options.groupId,
      topic: this.options.topic,
      running: this.consumer !== null,
      assignedPartitions: [...this.assigned].sort((a, b) => a - b),
      lag: Object.fromEntries(
        [...this.lag].filter(([partition]) => this.assigned.includes(partition)),
      ),
      applied: this.applied,
      parked: this.parked,
      lastError: this.lastError,
    };
  }

  /**
   * True once this consumer has applied the event at `globalPosition` (or passed it because the
   * projection does not read it); false if it was parked, or on timeout.
   */
  waitFor(globalPosition: number, timeoutMs: number): Promise<boolean> {
    const known = this.recent.get(globalPosition);
    if (known !== undefined) return Promise.resolve(known);
    return new Promise((resolve) => {
      const timeout = setTimeout(() => resolve(false), timeoutMs);
      const list = this.waiters.get(globalPosition) ?? [];
      list.push((ok) => {
        clearTimeout(timeout);
        resolve(ok);
      });
      this.waiters.set(globalPosition, list);
    });
  }

  private async onAssigned(consumer: Consumer, partitions: number[]): Promise<void> {
    this.assigned = partitions;
    if (partitions.length === 0) return;
    try {
      const rows = await this.database.query<{ partition: number; next_offset: string }>(
        `SELECT partition, next_offset::text FROM projection_offsets
          WHERE projection = $1 AND topic = $2 AND partition = ANY($3::int[])`,
        [this.projection.name, this.options.topic, partitions],
      );
      for (const row of rows) {
        consumer.seek({
          topic: this.options.topic,
          partition: row.partition,
          offset: row.next_offset,
        });
      }
    } catch (error) {
      // Not fatal: Kafka's committed offset trails ours, so we only see some events again.
      this.logger.warn(`could not seek to stored offsets: ${errorText(error)}`);
    }
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, isRunning, isStale } = payload;
    const { topic, partition } = batch;
    let next: string | null = null;
    for (let i = 0; i < batch.messages.length; i += this.options.subBatchSize) {
      if (!isRunning() || isStale()) break;
      const chunk = batch.messages.slice(i, i + this.options.subBatchSize);
      try {
        next = await this.applyChunk(topic, partition, chunk);
      } catch (error) {
        // Not the events' fault (they would have been parked): kafkajs backs off and redelivers.
        this.lastError = errorText(error);
        throw error;
      }
      resolveOffset(chunk[chunk.length - 1].offset);
      await heartbeat();
    }
    if (next === null) return;
    this.lag.set(partition, Math.max(0, Number(batch.highWatermark) - Number(next)));
    // PostgreSQL holds the offsets that count (every assignment seeks to them).
    if (!this.kafkaCommitted.due(partition)) return;
    try {
      await payload.commitOffsetsIfNecessary({
        topics: [{ topic, partitions: [{ partition, offset: next }] }],
      });
      this.kafkaCommitted.done(partition);
    } catch (error) {
      // A rebalance under way: the new owner starts from the offset stored in PostgreSQL.
      this.logger.warn(`offset commit for partition ${partition} failed: ${errorText(error)}`);
    }
  }

  private async applyChunk(
    topic: string,
    partition: number,
    chunk: KafkaMessage[],
  ): Promise<string> {
    const part: PartitionChunk = {
      partition,
      next: (BigInt(chunk[chunk.length - 1].offset) + 1n).toString(),
      events: [],
      unreadable: [],
      skipped: [],
    };
    for (const message of chunk) {
      const passed = this.notRead(message);
      if (passed !== null) {
        part.skipped.push(passed);
        continue;
      }
      const raw = message.value?.toString() ?? '';
      try {
        part.events.push(fromCloudEvent(raw));
      } catch (error) {
        part.unreadable.push({
          id: `${topic}/${partition}/${message.offset}`,
          raw,
          error: errorText(error),
        });
      }
    }
    if (part.events.length > 0 || part.unreadable.length > 0) {
      await this.commits.submit(part);
      return part.next;
    }
    for (const position of part.skipped) this.release(position, true);
    if (this.offsetStored.due(partition)) {
      await this.database.query(STORE_OFFSETS_SQL, [
        this.projection.name,
        topic,
        [partition],
        [part.next],
      ]);
      this.offsetStored.done(partition);
    }
    return part.next;
  }

  /**
   * The chunks of several partitions in one transaction, with each partition's next offset: the
   * partitions of one fetch are handed over concurrently, and one commit for them all costs a
   * sixth of one each (6 partitions).
   */
  private async applyParts(parts: PartitionChunk[]): Promise<void> {
    const { topic } = this.options;
    const unreadable = parts.flatMap((part) => part.unreadable);
    const outcome = await this.applier.apply(
      parts.flatMap((part) => part.events),
      async (tx: Sql) => {
        for (const message of unreadable) {
          this.logger.error(`parked unreadable message ${message.id}: ${message.error}`);
          await parkUnreadable(tx, this.projection.name, message.id, message.raw, message.error);
        }
        const next = nextOffsets(parts);
        await tx.query(STORE_OFFSETS_SQL, [
          this.projection.name,
          topic,
          [...next.keys()],
          [...next.values()],
        ]);
      },
    );
    for (const part of parts) this.offsetStored.done(part.partition);
    this.applied += outcome.applied.length;
    this.parked += outcome.parked.length + unreadable.length;
    this.lastError = null;
    const parked = new Set(outcome.parked.map((e) => e.eventId));
    for (const part of parts) {
      for (const event of part.events) {
        this.release(event.globalPosition, !parked.has(event.eventId));
      }
      for (const position of part.skipped) this.release(position, true);
    }
  }

  /**
   * The global position of a message this projection does not read, told by its key (the stream)
   * and headers alone, so most of a busy topic is never decoded; null: decode it.
   */
  private notRead(message: KafkaMessage): number | null {
    const type = message.headers?.ce_type?.toString();
    const position = message.headers?.ce_globalposition?.toString();
    const streamId = message.key?.toString();
    if (!type?.startsWith(CLOUD_EVENT_TYPE_PREFIX) || !position || !streamId) return null;
    const event = { streamId, type: type.slice(CLOUD_EVENT_TYPE_PREFIX.length) };
    return this.projection.handles(event) ? null : Number(position);
  }

  private release(globalPosition: number, ok: boolean): void {
    this.recent.set(globalPosition, ok);
    if (this.recent.size > RECENT_LIMIT) dropOldest(this.recent, RECENT_LIMIT / 10);
    const list = this.waiters.get(globalPosition);
    if (!list) return;
    this.waiters.delete(globalPosition);
    list.forEach((done) => done(ok));
  }
}

/** Each partition's next offset after these chunks (a partition may, in a rebalance, bring two). */
function nextOffsets(parts: readonly PartitionChunk[]): Map<number, string> {
  const next = new Map<number, string>();
  for (const { partition, next: offset } of parts) {
    const known = next.get(partition);
    if (known === undefined || BigInt(offset) > BigInt(known)) next.set(partition, offset);
  }
  return next;
}

/**
 * Deletes the `count` oldest entries of a Map in one pass. Deleting the first key one at a time
 * after every insert is quadratic in V8 (the iterator walks over the holes deletes leave until the
 * table is rehashed): it was the worker's hottest function under an alert storm.
 */
function dropOldest<K, V>(map: Map<K, V>, count: number): void {
  for (const key of map.keys()) {
    if (count-- <= 0) return;
    map.delete(key);
  }
}
