import { Module } from '@nestjs/common';
import {
  apiKeyMigrations,
  AuthModule,
  ClockModule,
  DatabaseModule,
  HealthModule,
  SitrepConfigModule,
} from '@sitrep/platform';
import { EventStoreModule, eventStoreMigrations } from '@sitrep/event-store';
import { incidentMigrations, incidentProjections } from '@sitrep/incident';
import {
  ForwarderModule,
  messagingMigrations,
  MetricsModule,
  ProjectionsModule,
} from '@sitrep/messaging';

/**
 * Background work: publishes the event log to Kafka and keeps the read models. Serves /health,
 * /metrics and the admin view of parked events.
 */
@Module({
  imports: [
    SitrepConfigModule,
    ClockModule,
    DatabaseModule.forRoot([
      ...eventStoreMigrations,
      ...messagingMigrations,
      ...apiKeyMigrations,
      ...incidentMigrations,
    ]),
    EventStoreModule.forRoot(),
    ProjectionsModule.forProjections(incidentProjections),
    ForwarderModule,
    AuthModule,
    HealthModule,
    MetricsModule,
  ],
})
export class WorkerModule {}
