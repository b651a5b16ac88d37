import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { DATABASE, SITREP_CONFIG, type Database, type SitrepConfig } from '@sitrep/platform';
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

  async onApplicationBootstrap(): Promise<void> {
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
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [...new Set(this.projections.map(topicOf))], {
        partitions: this.options.partitions ?? TOPIC_PARTITIONS,
      });
    } finally {
      await admin.disconnect();
    }
    for (const projection of this.projections) {
      this.metrics?.registerProjection(projection.name);
      const consumer = new KafkaProjectionConsumer(kafka, this.database, projection, {
        metrics: this.metrics,
        groupId: `${this.config?.kafka.groupPrefix ?? 'sitrep'}.projection.${projection.name}`,
        ...this.options,
        topic: topicOf(projection),
      });
      this.consumers.push(consumer);
      await consumer.start();
    }
    const topics = [...new Set(this.consumers.map((c) => c.options.topic))].join(', ');
    this.logger.log(`${this.consumers.length} projection consumer(s) on ${topics}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.splice(0).map((c) => c.stop()));
  }

  /**
   * With `streamId` (the stream the event at `globalPosition` belongs to) only the consumers of
   * the topic that carries it wait: the others never see that position.
   */
  async waitUntilProjected(
    globalPosition: number,
    { streamId, timeoutMs = READ_YOUR_WRITES_TIMEOUT_MS }: ProjectedWait = {},
  ): Promise<boolean> {
    const route = streamId === undefined ? undefined : routeOf(streamId, this.routes);
    const waiting = this.consumers.filter(
      (c) => streamId === undefined || c.projection.route?.name === route?.name,
    );
    const results = await Promise.all(waiting.map((c) => c.waitFor(globalPosition, timeoutMs)));
    return results.every(Boolean);
  }

  status(): KafkaProjectionStatus[] {
    return this.consumers.map((c) => c.status());
  }
}
