import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { Kafka, logLevel } from 'kafkajs';
import { DATABASE, SITREP_CONFIG, type Database, type SitrepConfig } from '@sitrep/platform';
import {
  CHECKPOINT_STORE,
  EVENT_STORE,
  type CheckpointStore,
  type EventStore,
} from '@sitrep/event-store';
import { EventsAppended } from '../events-appended';
import { EventLogForwarder } from './event-log-forwarder';
import {
  ensureTopics,
  EVENT_TOPIC_ROUTES,
  routeTopic,
  TOPIC_PARTITIONS,
  type TopicRoute,
} from './kafka-topics';

const FORWARDER_POLL_MS = 25;

/**
 * Runs the event-log forwarder in this process when KAFKA_BROKERS is set (and a real PostgreSQL,
 * whose advisory lock keeps it to one publisher). Without Kafka it does nothing: the embedded
 * default keeps its read models in process.
 */
@Injectable()
@EventsHandler(EventsAppended)
export class EventLogForwarderService
  implements IEventHandler<EventsAppended>, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger(EventLogForwarderService.name);
  private forwarder: EventLogForwarder | null = null;

  constructor(
    @Inject(SITREP_CONFIG) private readonly config: SitrepConfig,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    @Optional() @Inject(EVENT_TOPIC_ROUTES) private readonly routes: readonly TopicRoute[] = [],
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { brokers } = this.config.kafka;
    const databaseUrl = this.config.database.url;
    if (!brokers) return;
    if (!databaseUrl) {
      this.logger.warn(
        'KAFKA_BROKERS is set but DATABASE_URL is not: the forwarder needs a real PostgreSQL',
      );
      return;
    }
    const kafka = new Kafka({ clientId: 'sitrep-forwarder', brokers, logLevel: logLevel.WARN });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { eventsTopic } = this.config.kafka;
      const topics = [eventsTopic, ...this.routes.map((route) => routeTopic(eventsTopic, route))];
      await ensureTopics(admin, topics, {
        partitions: TOPIC_PARTITIONS,
      });
    } finally {
      await admin.disconnect();
    }
    this.forwarder = new EventLogForwarder(kafka, this.database, this.events, this.checkpoints, {
      topic: this.config.kafka.eventsTopic,
      routes: this.routes,
      databaseUrl,
      // Appends usually come from another process (the api), so polling is what bounds latency.
      pollIntervalMs: FORWARDER_POLL_MS,
    });
    this.forwarder.start();
  }

  handle(): void {
    this.forwarder?.wake();
  }

  status() {
    return this.forwarder?.status() ?? null;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.forwarder?.stop();
  }
}
