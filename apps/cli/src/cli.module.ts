import { Inject, Module } from '@nestjs/common';
import { DATABASE, DatabaseModule, SitrepConfigModule, type Database } from '@sitrep/platform';
import {
  CHECKPOINT_STORE,
  EVENT_STORE,
  EventStoreModule,
  eventStoreMigrations,
  type CheckpointStore,
  type EventStore,
} from '@sitrep/event-store';
import { apiKeyMigrations } from '@sitrep/platform';
import { timerMigrations } from '@sitrep/timers';
import { incidentMigrations, incidentProjections } from '@sitrep/incident';
import { ProjectionMaintenance, messagingMigrations, type Projection } from '@sitrep/messaging';

/** The operator's CLI: the same database, event store and projections as the apps, no HTTP. */
@Module({
  imports: [
    SitrepConfigModule,
    DatabaseModule.forRoot([
      ...eventStoreMigrations,
      ...messagingMigrations,
      ...apiKeyMigrations,
      ...timerMigrations,
      ...incidentMigrations,
    ]),
    EventStoreModule.forRoot(),
  ],
})
export class CliModule {
  readonly projections: Projection[] = incidentProjections.map((P) => new P());
  readonly maintenance: ProjectionMaintenance;

  constructor(
    @Inject(DATABASE) database: Database,
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(CHECKPOINT_STORE) checkpoints: CheckpointStore,
  ) {
    this.maintenance = new ProjectionMaintenance(database, events, checkpoints);
  }
}
