import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import {
  DATABASE,
  HealthSections,
  SITREP_CONFIG,
  type Database,
  type HealthSection,
  type SitrepConfig,
} from '@sitrep/platform';
import {
  PROJECTIONS_TRANSPORT,
  projectionsTransportFor,
  type ProjectionsTransport,
} from '../applying/projections-transport';
import {
  READ_YOUR_WRITES_TIMEOUT_MS,
  type ProjectedWait,
  type ReadYourWrites,
} from '../events-appended';
import { SitrepMetrics } from '../metrics/sitrep-metrics';
import { PROJECTIONS, type Projection } from '../projection';
import { KafkaProjectionConsumer } from './kafka-projections.consumer';
import { RetryWithBackoff } from './retry-with-backoff';
import { partitionOfStream } from './stream-partitioner';
import { EventLogForwarderService } from './event-log-forwarder.service';
import type {
  KafkaProjectionConsumerOptions,
  KafkaProjectionStatus,
} from './kafka-projections.options';
import {
  ensureTopics,
  EVENT_TOPIC_ROUTES,
  INCIDENT_EVENTS_TOPIC,
  routeOf,
  routeTopic,
  TOPIC_PARTITIONS,
  type TopicRoute,
} from './kafka-topics';

export interface KafkaProjectionsOptions extends Partial<KafkaProjectionConsumerOptions> {
  /** Partitions of the topic if this process creates it (the forwarder creates it with the same). */
  partitions?: number;
  kafka?: Partial<KafkaConfig>;
}

export const KAFKA_PROJECTIONS_OPTIONS = Symbol('sitrep.kafka-projections-options');

/**
 * The Kafka transport: every projection of this process on its own consumer group, subscribed to
 * the events topic or to its route's. Active only when the transport is Kafka (KAFKA_BROKERS set);
 * it is registered in every process that keeps read models, so the choice is made at start.
 */
@Injectable()
export class KafkaProjectionsRunner
  implements ReadYourWrites, OnApplicationBootstrap, OnApplicationShutdown
{
  readonly consumers: KafkaProjectionConsumer[] = [];
  /** Partitions of each topic the consumers read, once known: where a stream's events go. */
  private readonly partitions = new Map<string, number>();
  private readonly retry = new RetryWithBackoff(new Logger(KafkaProjectionsRunner.name));
  private starting: Promise<void> = Promise.resolve();
  private readonly logger = new Logger(KafkaProjectionsRunner.name);
  private readonly options: KafkaProjectionsOptions;
  /** Every route the log is split by that this process knows: its forwarder's and projections'. */
  private readonly routes: readonly TopicRoute[];

  constructor(
    @Inject(PROJECTIONS) private readonly projections: Projection[],
    @Inject(DATABASE) private readonly database: Database,
    @Optional() @Inject(SITREP_CONFIG) private readonly config?: SitrepConfig,
    @Optional() @Inject(PROJECTIONS_TRANSPORT) private readonly transport?: ProjectionsTransport,
    @Optional() private readonly metrics?: SitrepMetrics,
    @Optional() @Inject(KAFKA_PROJECTIONS_OPTIONS) options?: KafkaProjectionsOptions,
    @Optional() @Inject(EVENT_TOPIC_ROUTES) forwarded: readonly TopicRoute[] = [],
    @Optional() private readonly health?: HealthSections,
    @Optional() private readonly forwarder?: EventLogForwarderService,
  ) {
    this.options = options ?? {};
    const routes = new Map(forwarded.map((route) => [route.name, route]));
    for (const { route } of projections) if (route) routes.set(route.name, route);
    this.routes = [...routes.values()];
  }

  get active(): boolean {
    if (this.transport) return this.transport === 'kafka';
    return !!this.config && projectionsTransportFor(this.config) === 'kafka';
  }

  /**
   * Creates a consumer per projection and starts them in the background: the HTTP server must not
   * wait for Kafka (after a SIGKILL the group waits out the dead member's session, 25-30 s, before
   * it lets anyone rejoin), and a broker that is down at start is retried, not fatal.
   */
  onApplicationBootstrap(): void {
    const brokers = this.config?.kafka.brokers;
    if (!this.active || !brokers) return;
    const eventsTopic =
      this.options.topic ?? this.config?.kafka.eventsTopic ?? INCIDENT_EVENTS_TOPIC;
    const topicOf = (projection: Projection) => routeTopic(eventsTopic, projection.route);
    const kafka = new Kafka({
      clientId: 'sitrep-projections',
      brokers,
      logLevel: logLevel.WARN,
      ...this.options.kafka,
    });
    for (const projection of this.projections) {
      this.metrics?.registerProjection(projection.name);
      const consumer = new KafkaProjectionConsumer(kafka, this.database, projection, {
        metrics: this.metrics,
        groupId: `${this.config?.kafka.groupPrefix ?? 'sitrep'}.projection.${projection.name}`,
        onGaveUp: (gaveUp) => this.restart(gaveUp as KafkaProjectionConsumer),
        ...this.options,
        topic: topicOf(projection),
      });
      this.consumers.push(consumer);
    }
    this.starting = this.startAll(kafka);
    this.health?.register('kafka-projections', () => this.healthSection());
  }

  /** `up` once every consumer has joined its group and hears from the broker. */
  healthSection(): HealthSection {
    const consumers = this.status().map(({ projection, state, connected, assignedPartitions }) => ({
      projection,
      state,
      connected,
      assignedPartitions,
    }));
    const failing = this.retry.lastError ?? this.status().find((s) => s.lastError)?.lastError;
    const status = consumers.every((c) => c.connected) ? 'up' : failing ? 'down' : 'starting';
    return { status, ...(status !== 'up' && failing ? { lastError: failing } : {}), consumers };
  }

  async onApplicationShutdown(): Promise<void> {
    this.retry.stop();
    // Stopping first cuts short a start that waits for its group; then once more for a start
    // that raced it.
    await Promise.all(this.consumers.map((c) => c.stop()));
    await this.starting;
    await Promise.all(this.consumers.splice(0).map((c) => c.stop()));
  }

  /** Resolves once every consumer has joined its group (tests and tools wait on it). */
  async untilJoined(timeoutMs = 45_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.consumers.every((c) => c.connected)) {
      if (Date.now() > deadline) throw new Error('Kafka projection consumers did not join in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async startAll(kafka: Kafka): Promise<void> {
    const topics = [...new Set(this.consumers.map((c) => c.options.topic))];
    const partitions = this.options.partitions ?? TOPIC_PARTITIONS;
    const ready = await this.retry.until('create the projections’ topics', async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        await ensureTopics(admin, topics, { partitions });
        const metadata = await admin.fetchTopicMetadata({ topics });
        for (const topic of metadata.topics)
          this.partitions.set(topic.name, topic.partitions.length);
      } finally {
        await admin.disconnect();
      }
    });
    if (!ready) return;
    await Promise.all(
      this.consumers.map((c) =>
        this.retry.until(`start the ${c.projection.name} consumer`, () => c.start()),
      ),
    );
    this.logger.log(`${this.consumers.length} projection consumer(s) on ${topics.join(', ')}`);
  }

  /** kafkajs gave up on a crashed consumer: start it again, with backoff, until it holds. */
  private restart(consumer: KafkaProjectionConsumer): void {
    const name = consumer.projection.name;
    this.starting = Promise.all([
      this.starting,
      consumer
        .stop()
        .then(() => this.retry.until(`restart the ${name} consumer`, () => consumer.start())),
    ]).then(() => undefined);
  }

  /**
   * Waits only where the answer can come soon: on consumers joined to their group and hearing
   * from the broker (during an outage every command would otherwise wait the whole bound), and,
   * with `streamId`, only on the consumers of the topic that carries it that own its partition
   * (next to a worker, the partition may belong to another process's member of the group).
   */
  async waitUntilProjected(
    globalPosition: number,
    { streamId, timeoutMs = READ_YOUR_WRITES_TIMEOUT_MS }: ProjectedWait = {},
  ): Promise<boolean> {
    if (this.forwarder?.failing) return false;
    const route = streamId === undefined ? undefined : routeOf(streamId, this.routes);
    const readers = this.consumers.filter(
      (c) => streamId === undefined || c.projection.route?.name === route?.name,
    );
    const waiting = readers.filter(
      (c) => c.connected && (streamId === undefined || this.ownsStream(c, streamId)),
    );
    if (waiting.length < readers.length) return false;
    const results = await Promise.all(waiting.map((c) => c.waitFor(globalPosition, timeoutMs)));
    return results.every(Boolean);
  }

  private ownsStream(consumer: KafkaProjectionConsumer, streamId: string): boolean {
    const partitions = this.partitions.get(consumer.options.topic);
    return partitions !== undefined && consumer.owns(partitionOfStream(streamId, partitions));
  }

  status(): KafkaProjectionStatus[] {
    return this.consumers.map((c) => c.status());
  }
}
