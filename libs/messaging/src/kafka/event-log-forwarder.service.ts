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
import {
  DATABASE,
  HealthSections,
  SITREP_CONFIG,
  type Database,
  type HealthSection,
  type SitrepConfig,
} from '@sitrep/platform';
import {
  CHECKPOINT_STORE,
  EVENT_STORE,
  type CheckpointStore,
  type EventStore,
} from '@sitrep/event-store';
import { EventsAppended } from '../events-appended';
import { EventLogForwarder, type ForwarderRole } from './event-log-forwarder';
import { RetryWithBackoff } from './retry-with-backoff';
import {
  ensureTopics,
  EVENT_TOPIC_ROUTES,
  routeTopic,
  TOPIC_PARTITIONS,
  type TopicRoute,
} from './kafka-topics';

const FORWARDER_POLL_MS = 25;

export interface ForwarderLag {
  lagEvents: number;
  role: ForwarderRole | 'starting';
}

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
  private enabled = false;
  private readonly retry = new RetryWithBackoff(this.logger);
  private starting: Promise<void> = Promise.resolve();

  constructor(
    @Inject(SITREP_CONFIG) private readonly config: SitrepConfig,
    @Inject(DATABASE) private readonly database: Database,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    @Optional() @Inject(EVENT_TOPIC_ROUTES) private readonly routes: readonly TopicRoute[] = [],
    @Optional() private readonly health?: HealthSections,
  ) {}

  /**
   * Starts in the background: the topics are created (and Kafka reached) with retries and
   * backoff, then the forwarder runs its own. Kafka down at start degrades the process (commands
   * still commit; the log is published once Kafka is back), it does not stop it.
   */
  onApplicationBootstrap(): void {
    const { brokers } = this.config.kafka;
    const databaseUrl = this.config.database.url;
    if (!brokers) return;
    if (!databaseUrl) {
      this.logger.warn(
        'KAFKA_BROKERS is set but DATABASE_URL is not: the forwarder needs a real PostgreSQL',
      );
      return;
    }
    this.enabled = true;
    this.health?.register('kafka-forwarder', () => this.healthSection());
    this.starting = this.start(
      new Kafka({ clientId: 'sitrep-forwarder', brokers, logLevel: logLevel.WARN }),
      databaseUrl,
    );
  }

  private async start(kafka: Kafka, databaseUrl: string): Promise<void> {
    const { eventsTopic } = this.config.kafka;
    const topics = [eventsTopic, ...this.routes.map((route) => routeTopic(eventsTopic, route))];
    const ready = await this.retry.until('create the event topics', async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        await ensureTopics(admin, topics, { partitions: TOPIC_PARTITIONS });
      } finally {
        await admin.disconnect();
      }
    });
    if (!ready) return;
    this.forwarder = new EventLogForwarder(kafka, this.database, this.events, this.checkpoints, {
      topic: eventsTopic,
      routes: this.routes,
      databaseUrl,
      // Appends usually come from another process (the api), so polling is what bounds latency.
      pollIntervalMs: FORWARDER_POLL_MS,
    });
    this.forwarder.start();
  }

  /**
   * Whether this process's forwarder reaches Kafka: its topics exist and its last attempt to
   * publish worked (null where no forwarder is configured).
   */
  get connected(): boolean | null {
    if (!this.enabled) return null;
    return this.forwarder !== null && this.forwarder.lastError === null;
  }

  /**
   * True while this process's forwarder fails to reach Kafka (creating its topics or publishing):
   * what is committed now will not reach the read models soon.
   */
  get failing(): boolean {
    if (!this.enabled) return false;
    return (this.forwarder ? this.forwarder.lastError : this.retry.lastError) !== null;
  }

  private healthSection(): HealthSection {
    if (this.forwarder === null) {
      const lastError = this.retry.lastError;
      return lastError ? { status: 'down', lastError } : { status: 'starting' };
    }
    const { role, lastError } = this.forwarder;
    return lastError ? { status: 'down', role, lastError } : { status: 'up', role };
  }

  handle(): void {
    this.forwarder?.wake();
  }

  status() {
    return this.forwarder?.status() ?? null;
  }

  /**
   * How far the log's head is past the forwarder's checkpoint, and this process's part in it; null
   * where no forwarder is configured. Read from the database, so it is right while this forwarder
   * is still starting (Kafka down) or stands by for another process's.
   */
  async lag(): Promise<ForwarderLag | null> {
    if (!this.enabled) return null;
    const at = await this.checkpoints.read(`forwarder:${this.config.kafka.eventsTopic}`);
    const [head] = await this.database.query<{ position: string | null }>(
      'SELECT max(global_position)::text AS position FROM events',
    );
    const lagEvents = Math.max(0, Number(head.position ?? 0) - at.globalPosition);
    return { lagEvents, role: this.forwarder?.role ?? 'starting' };
  }

  async onApplicationShutdown(): Promise<void> {
    this.retry.stop();
    await this.starting;
    await this.forwarder?.stop();
  }
}
