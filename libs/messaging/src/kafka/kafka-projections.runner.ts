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
import { READ_YOUR_WRITES_TIMEOUT_MS, type ReadYourWrites } from '../events-appended';
import { SitrepMetrics } from '../metrics/sitrep-metrics';
import { PROJECTIONS, type Projection } from '../projection';
import {
  KafkaProjectionConsumer,
  type KafkaProjectionConsumerOptions,
  type KafkaProjectionStatus,
} from './kafka-projections.consumer';
import { ensureTopics, INCIDENT_EVENTS_TOPIC } from './kafka-topics';

export interface KafkaProjectionsOptions extends Partial<KafkaProjectionConsumerOptions> {
  /** Partitions of the topic if this process creates it (the forwarder creates it with the same). */
  partitions?: number;
  kafka?: Partial<KafkaConfig>;
}

export const KAFKA_PROJECTIONS_OPTIONS = Symbol('sitrep.kafka-projections-options');

/** The forwarder's partition count (EventLogForwarderService): whoever starts first creates it. */
const DEFAULT_PARTITIONS = 6;

/**
 * The Kafka transport: every projection of this process on its own consumer group, subscribed to
 * the incident events topic. Active only when the transport is Kafka (KAFKA_BROKERS set); it is
 * registered in every process that keeps read models, so the choice is made at start.
 */
@Injectable()
export class KafkaProjectionsRunner
  implements ReadYourWrites, OnApplicationBootstrap, OnApplicationShutdown
{
  readonly consumers: KafkaProjectionConsumer[] = [];
  private readonly logger = new Logger(KafkaProjectionsRunner.name);
  private readonly options: KafkaProjectionsOptions;

  constructor(
    @Inject(PROJECTIONS) private readonly projections: Projection[],
    @Inject(DATABASE) private readonly database: Database,
    @Optional() @Inject(SITREP_CONFIG) private readonly config?: SitrepConfig,
    @Optional() @Inject(PROJECTIONS_TRANSPORT) private readonly transport?: ProjectionsTransport,
    @Optional() private readonly metrics?: SitrepMetrics,
    @Optional() @Inject(KAFKA_PROJECTIONS_OPTIONS) options?: KafkaProjectionsOptions,
  ) {
    this.options = options ?? {};
  }

  get active(): boolean {
    if (this.transport) return this.transport === 'kafka';
    return !!this.config && projectionsTransportFor(this.config) === 'kafka';
  }

  async onApplicationBootstrap(): Promise<void> {
    const brokers = this.config?.kafka.brokers;
    if (!this.active || !brokers) return;
    const topic = this.options.topic ?? this.config?.kafka.eventsTopic ?? INCIDENT_EVENTS_TOPIC;
    const kafka = new Kafka({
      clientId: 'sitrep-projections',
      brokers,
      logLevel: logLevel.WARN,
      ...this.options.kafka,
    });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [topic], {
        partitions: this.options.partitions ?? DEFAULT_PARTITIONS,
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
        topic,
      });
      this.consumers.push(consumer);
      await consumer.start();
    }
    this.logger.log(`${this.consumers.length} projection consumer(s) on ${topic}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.splice(0).map((c) => c.stop()));
  }

  async waitUntilProjected(
    globalPosition: number,
    timeoutMs = READ_YOUR_WRITES_TIMEOUT_MS,
  ): Promise<boolean> {
    const results = await Promise.all(
      this.consumers.map((c) => c.waitFor(globalPosition, timeoutMs)),
    );
    return results.every(Boolean);
  }

  status(): KafkaProjectionStatus[] {
    return this.consumers.map((c) => c.status());
  }
}
