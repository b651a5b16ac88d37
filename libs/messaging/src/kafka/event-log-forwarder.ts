import { Logger } from '@nestjs/common';
import type { Kafka, Message, Producer, RetryOptions, TopicMessages } from 'kafkajs';
import { AdvisoryLock, advisoryLockIdOf, PollingLoop, type Database } from '@sitrep/platform';
import type { CheckpointStore, EventStore, LogPosition, RecordedEvent } from '@sitrep/event-store';
import { DEFAULT_CLOUD_EVENT_SOURCE, toCloudEvent } from './cloud-event';
import { routeOf, routeTopic, type TopicRoute } from './kafka-topics';
import { streamPartitioner } from './stream-partitioner';

/** The advisory-lock class (first key) under which every forwarder lock lives. */
const FORWARDER_LOCK_CLASS = 73_461_002;

export interface EventLogForwarderOptions {
  /** The events topic; each route's streams go to `<topic>.<route>` instead. */
  topic: string;
  routes: readonly TopicRoute[];
  /** For the dedicated connection that holds the single-publisher advisory lock. */
  databaseUrl: string;
  source: string;
  batchSize: number;
  pollIntervalMs: number;
  maxBackoffMs: number;
  /** How often a standby tries to take the lock over. */
  standbyRetryMs: number;
  /** kafkajs retries inside one send; past them the forwarder's own backoff takes over. */
  producerRetry: RetryOptions;
}

const DEFAULTS = {
  routes: [],
  source: DEFAULT_CLOUD_EVENT_SOURCE,
  batchSize: 500,
  pollIntervalMs: 200,
  maxBackoffMs: 30_000,
  standbyRetryMs: 5_000,
  producerRetry: { retries: 5, initialRetryTime: 300, maxRetryTime: 30_000 },
};

export type ForwarderRole = 'stopped' | 'standby' | 'publishing';

export interface ForwarderStatus {
  role: ForwarderRole;
  position: LogPosition;
  /** Committed events after the checkpoint. */
  lagEvents: number;
  lastError: string | null;
  /** Events this instance has had acknowledged since it was created. */
  published: number;
}

/**
 * The most one send carries, in message bytes. The broker refuses a record batch above its
 * message.max.bytes (1 MiB by default) and kafkajs puts a send's messages for one partition in
 * one record batch, so a batch of large events, all acknowledged one by one when alone, would be
 * refused together again and again, and hold up the log for every consumer.
 */
const MAX_SEND_BYTES = 512 * 1024;

const LAG_SQL = `SELECT count(*)::int AS lag FROM events WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)`;

/**
 * The outbox relay: publishes the committed event log to Kafka in commit order, keyed by stream id
 * (a stream's events all go to one topic: the events topic, or its route's), and moves its
 * checkpoint only after the broker acknowledged every topic of the batch. Commands never wait
 * for it; while Kafka is down it falls behind and catches up later. A crash between the ack and
 * the checkpoint move publishes that batch again, which idempotent consumers absorb. One
 * publisher at a time across processes, elected by an advisory lock; the others stand by.
 */
export class EventLogForwarder {
  private readonly options: EventLogForwarderOptions;
  private readonly logger: Logger;
  private readonly lock: AdvisoryLock;
  private producer: Producer | null = null;
  private readonly loop = new PollingLoop(
    () => this.drain(),
    () => this.delayMs(),
  );
  private failures = 0;
  /** The checkpoint as this publisher last moved it: only the lock's holder moves it. */
  private position: LogPosition | null = null;
  private failure: string | null = null;
  private published = 0;

  constructor(
    private readonly kafka: Kafka,
    private readonly database: Database,
    private readonly events: EventStore,
    private readonly checkpoints: CheckpointStore,
    options: Partial<EventLogForwarderOptions> &
      Pick<EventLogForwarderOptions, 'topic' | 'databaseUrl'>,
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.logger = new Logger(`Forwarder:${this.options.topic}`);
    // One lock per topic: forwarders of different topics never wait for each other.
    const key = [FORWARDER_LOCK_CLASS, advisoryLockIdOf(this.options.topic)] as const;
    this.lock = new AdvisoryLock(this.options.databaseUrl, key, 'sitrep-forwarder-lock');
  }

  get checkpointName(): string {
    return `forwarder:${this.options.topic}`;
  }

  /** The last attempt's error, until one works again (connecting, publishing, the checkpoint). */
  get lastError(): string | null {
    return this.failure;
  }

  get role(): ForwarderRole {
    if (!this.loop.isRunning) return 'stopped';
    return this.lock.isHeld ? 'publishing' : 'standby';
  }

  get isPublisher(): boolean {
    return this.lock.isHeld;
  }

  start(): void {
    this.loop.start();
  }

  /** Lets the batch in flight finish (and its checkpoint move), then lets go of Kafka and the lock. */
  async stop(): Promise<void> {
    await this.loop.stop();
    await this.dropProducer();
    await this.lock.release();
  }

  /** Asks for a catch-up now, e.g. right after a local append (coalesced with one under way). */
  wake(): void {
    this.loop.wake();
  }

  /**
   * Publishes one batch after the checkpoint and moves the checkpoint past it; returns how many
   * events were acknowledged (0 when there was nothing new or another process holds the lock).
   */
  async forwardOnce(): Promise<number> {
    try {
      if (!this.lock.isHeld) {
        this.position = null; // another publisher may have moved the checkpoint meanwhile
        if (!(await this.lock.tryAcquire())) return 0;
      }
      const from = this.position ?? (await this.checkpoints.read(this.checkpointName));
      const batch = await this.events.readAll(from, this.options.batchSize);
      if (batch.length === 0) return 0;
      // Only now the lock's connection is checked: an idle poll costs one statement, not three.
      if (!(await this.lock.tryAcquire())) return 0;
      const producer = await this.connectedProducer();
      // In order: a send is acknowledged before the next goes out.
      for (const topicMessages of this.sends(batch)) {
        await producer.sendBatch({ acks: -1, topicMessages });
      }
      const last = batch[batch.length - 1];
      const next: LogPosition = {
        transactionId: last.transactionId,
        globalPosition: last.globalPosition,
      };
      if (!(await this.checkpoints.compareAndSet(this.checkpointName, from, next))) {
        throw new Error(
          `checkpoint ${this.checkpointName} was moved by another process: the lock was lost`,
        );
      }
      this.position = next;
      this.published += batch.length;
      this.failure = null;
      return batch.length;
    } catch (error) {
      this.position = null;
      this.failure = (error as Error).message;
      await this.dropProducer();
      throw error;
    }
  }

  async status(): Promise<ForwarderStatus> {
    const position = await this.checkpoints.read(this.checkpointName);
    const [row] = await this.database.query<{ lag: number }>(LAG_SQL, [
      position.transactionId,
      position.globalPosition,
    ]);
    return {
      role: this.role,
      position,
      lagEvents: row.lag,
      lastError: this.failure,
      published: this.published,
    };
  }

  /**
   * The batch as sends of at most MAX_SEND_BYTES of message values each (a larger message alone),
   * in log order, each by topic.
   */
  private sends(batch: readonly RecordedEvent[]): TopicMessages[][] {
    const sends: TopicMessages[][] = [];
    let topics = new Map<string, Message[]>();
    let bytes = 0;
    for (const event of batch) {
      const topic = routeTopic(this.options.topic, routeOf(event.streamId, this.options.routes));
      const message = this.toMessage(event);
      const size = Buffer.byteLength(message.value as string);
      if (bytes > 0 && bytes + size > MAX_SEND_BYTES) {
        sends.push(byTopic(topics));
        topics = new Map();
        bytes = 0;
      }
      const messages = topics.get(topic) ?? [];
      messages.push(message);
      topics.set(topic, messages);
      bytes += size;
    }
    if (bytes > 0) sends.push(byTopic(topics));
    return sends;
  }

  private toMessage(event: RecordedEvent): Message {
    const value = toCloudEvent(event, this.options.source);
    return {
      key: event.streamId,
      value: JSON.stringify(value),
      headers: {
        ce_type: value.type,
        // What a consumer needs to skip an event it does not read without decoding it.
        ce_globalposition: value.globalposition,
        ce_id: value.id,
        'content-type': 'application/cloudevents+json; charset=UTF-8',
      },
    };
  }

  private async drain(): Promise<void> {
    try {
      while (this.loop.isRunning && (await this.forwardOnce()) === this.options.batchSize);
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      this.logger.error(
        `forwarding failed (attempt ${this.failures}), retrying with backoff: ${(error as Error).message}`,
      );
    }
  }

  private delayMs(): number {
    const { pollIntervalMs, maxBackoffMs, standbyRetryMs } = this.options;
    if (this.failures > 0) return Math.min(maxBackoffMs, pollIntervalMs * 2 ** this.failures);
    return this.lock.isHeld ? pollIntervalMs : standbyRetryMs;
  }

  private async connectedProducer(): Promise<Producer> {
    if (this.producer) return this.producer;
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: this.options.producerRetry,
      createPartitioner: streamPartitioner,
    });
    await producer.connect();
    this.producer = producer;
    return producer;
  }

  // After a failure the producer starts over with a fresh producer id: its sequence numbers may no
  // longer match the broker's, and a redelivered batch is allowed anyway.
  private async dropProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    if (producer) await producer.disconnect().catch(() => undefined);
  }
}

const byTopic = (topics: Map<string, Message[]>): TopicMessages[] =>
  [...topics].map(([topic, messages]) => ({ topic, messages }));
