import { Inject, Module, type OnModuleDestroy } from '@nestjs/common';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { DATABASE, SITREP_CONFIG, type Database, type SitrepConfig } from '@sitrep/platform';
import {
  CHECKPOINT_STORE,
  EVENT_STORE,
  type CheckpointStore,
  type EventStore,
} from '@sitrep/event-store';
import { incidentProjections } from '@sitrep/incident';
import { alertProjections } from '@sitrep/alerts';
import { ProjectionMaintenance, routeTopic, type Projection } from '@sitrep/messaging';
import { SitrepCoreModule } from '@sitrep/runtime';

/** The operator's CLI: the same database, event store and projections as the apps, no HTTP. */
@Module({
  imports: [SitrepCoreModule],
})
export class CliModule implements OnModuleDestroy {
  readonly projections: Projection[] = [...incidentProjections, ...alertProjections].map(
    (P) => new P(),
  );
  readonly maintenance: ProjectionMaintenance;
  /** With KAFKA_BROKERS: where `projections status` reads how far each projection is behind. */
  private readonly kafkaAdmin: Admin | null;

  constructor(
    @Inject(DATABASE) database: Database,
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(CHECKPOINT_STORE) checkpoints: CheckpointStore,
    @Inject(SITREP_CONFIG) config: SitrepConfig,
  ) {
    const { brokers, eventsTopic } = config.kafka;
    this.kafkaAdmin = brokers
      ? new Kafka({
          clientId: 'sitrep-cli',
          brokers,
          logLevel: logLevel.NOTHING,
          connectionTimeout: 3_000,
          retry: { retries: 2 },
        }).admin()
      : null;
    const kafka = this.kafkaAdmin
      ? { admin: this.kafkaAdmin, topicOf: (p: Projection) => routeTopic(eventsTopic, p.route) }
      : undefined;
    this.maintenance = new ProjectionMaintenance(database, events, checkpoints, kafka);
  }

  async onModuleDestroy(): Promise<void> {
    await this.kafkaAdmin?.disconnect();
  }
}
