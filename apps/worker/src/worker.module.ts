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
import { timerMigrations } from '@sitrep/timers';
import {
  incidentMigrations,
  incidentProjections,
  incidentReactors,
  IncidentTimersModule,
} from '@sitrep/incident';
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
      ...timerMigrations,
      ...incidentMigrations,
    ]),
    EventStoreModule.forRoot(),
    ProjectionsModule.forProjections([...incidentProjections, ...incidentReactors]),
    IncidentTimersModule,
    ForwarderModule,
    AuthModule,
    HealthModule,
    MetricsModule,
  ],
})
export class WorkerModule {}
