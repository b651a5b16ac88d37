import { Logger } from '@nestjs/common';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { GroupCommit, type Database, type Sql } from '@sitrep/platform';
import { errorText } from '../applying/apply-errors';
import { parkUnreadable } from '../applying/parked-events';
import { ProjectionApplier } from '../applying/projection-applier';
import type { Projection } from '../projection';
import { AppliedPositions } from '../applying/applied-positions';
import {
  CONSUMER_DEFAULTS,
  type KafkaProjectionConsumerOptions,
  type KafkaProjectionStatus,
} from './kafka-projections.options';
import { readChunk, type PartitionChunk } from './partition-chunk';
import {
  nextOffsets,
  PerPartitionInterval,
  storedOffsets,
  storeOffsets,
} from './projection-offsets';

/**
 * Offsets that need not be exact are written at most this often per partition: a sub-batch of
 * only events this projection does not read changes no row, so its offset can wait (a restart
 * re-reads, and skips again, what came since); and Kafka's copy of the offset only has to trail
 * PostgreSQL's.
 */
const LAZY_OFFSET_INTERVAL_MS = 5_000;

/**
 * A joined consumer fetches at least every maxWaitTimeInMs and heartbeats every few seconds while
 * it applies: no word from the broker for this long means it is not really there (a broker
 * outage shows here long before kafkajs gives up and crashes the consumer).
 */
const CONTACT_WINDOW_MS = 10_000;

/** Where a consumer stands with its group: only `joined` consumes. */
export type KafkaConsumerState = 'stopped' | 'connecting' | 'joined' | 'rebalancing' | 'crashed';

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
  private readonly offsetStored = new PerPartitionInterval(LAZY_OFFSET_INTERVAL_MS);
  private readonly kafkaCommitted = new PerPartitionInterval(LAZY_OFFSET_INTERVAL_MS);
  private readonly positions = new AppliedPositions();
  private readonly commits = new GroupCommit<PartitionChunk>((parts) => this.applyParts(parts), {
    gatherOneTurn: true,
  });
  private applied = 0;
  private parked = 0;
  private lastError: string | null = null;
  private state: KafkaConsumerState = 'stopped';
  private lastContact = 0;

  constructor(
    private readonly kafka: Kafka,
    private readonly database: Database,
    readonly projection: Projection,
    options: Partial<KafkaProjectionConsumerOptions> &
      Pick<KafkaProjectionConsumerOptions, 'topic'>,
  ) {
    this.options = {
      ...CONSUMER_DEFAULTS,
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
    this.follow(consumer);
    this.consumer = consumer;
    this.state = 'connecting';
    const stillMine = () => {
      if (this.consumer !== consumer) throw new Error('stopped while starting');
    };
    try {
      await consumer.connect();
      stillMine();
      await consumer.subscribe({ topic, fromBeginning: true });
      stillMine();
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
        eachBatch: (payload) => this.eachBatch(payload),
      });
    } catch (error) {
      // The caller tries again with a fresh consumer: this one must not linger half-connected.
      this.lastError = errorText(error);
      if (this.consumer === consumer) await this.stop();
      else await consumer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  /**
   * True while joined to its group and hearing from the broker: only then can a caller expect
   * this consumer to apply what was just published.
   */
  get connected(): boolean {
    return this.state === 'joined' && Date.now() - this.lastContact < CONTACT_WINDOW_MS;
  }

  /** Whether this consumer holds `partition` of its topic now. */
  owns(partition: number): boolean {
    return this.assigned.includes(partition);
  }

  private follow(consumer: Consumer): void {
    const { topic } = this.options;
    const current = () => this.consumer === consumer;
    const contact = () => {
      if (current()) this.lastContact = Date.now();
    };
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      if (!current()) return;
      this.state = 'joined';
      contact();
      void this.onAssigned(consumer, payload.memberAssignment[topic] ?? []);
    });
    consumer.on(consumer.events.FETCH, contact);
    consumer.on(consumer.events.HEARTBEAT, contact);
    consumer.on(consumer.events.REBALANCING, () => {
      if (current()) this.state = 'rebalancing';
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      this.lastError = errorText(payload.error);
      this.logger.error(`consumer crashed (restart: ${payload.restart}): ${this.lastError}`);
      if (!current()) return;
      this.state = 'crashed';
      if (!payload.restart) this.options.onGaveUp?.(this);
    });
  }

  /** Lets the sub-batch in flight commit, then leaves the group. */
  async stop(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = null;
    this.assigned = [];
    this.state = 'stopped';
    if (consumer) await consumer.disconnect().catch(() => undefined);
  }

  status(): KafkaProjectionStatus {
    return {
      projection: this.projection.name,
      groupId: this.options.groupId,
      topic: this.options.topic,
      running: this.consumer !== null,
      state: this.state,
      connected: this.connected,
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
    return this.positions.waitFor(globalPosition, timeoutMs);
  }

  private async onAssigned(consumer: Consumer, partitions: number[]): Promise<void> {
    this.assigned = partitions;
    if (partitions.length === 0) return;
    try {
      const { name } = this.projection;
      const rows = await storedOffsets(this.database, name, this.options.topic, partitions);
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
    const part = readChunk(topic, partition, chunk, this.projection);
    if (part.events.length > 0 || part.unreadable.length > 0) {
      await this.commits.submit(part);
      return part.next;
    }
    for (const position of part.skipped) this.positions.release(position, true);
    if (this.offsetStored.due(partition)) {
      await storeOffsets(this.database, this.projection.name, topic, nextOffsets([part]));
      this.offsetStored.done(partition);
    }
    return part.next;
  }

  /**
   * The chunks of several partitions in one transaction, with each partition's next offset: the
   * partitions of one fetch are handed over concurrently, and one commit for them all costs far
   * less than one per partition.
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
        await storeOffsets(tx, this.projection.name, topic, nextOffsets(parts));
      },
    );
    for (const part of parts) this.offsetStored.done(part.partition);
    this.applied += outcome.applied.length;
    this.parked += outcome.parked.length + unreadable.length;
    this.lastError = null;
    const parked = new Set(outcome.parked.map((e) => e.eventId));
    for (const part of parts) {
      for (const event of part.events) {
        this.positions.release(event.globalPosition, !parked.has(event.eventId));
      }
      for (const position of part.skipped) this.positions.release(position, true);
    }
  }
}
