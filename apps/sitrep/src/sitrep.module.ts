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
  IncidentModule,
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

/** All in one process: the HTTP API and the read models it serves. The embedded default. */
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
    IncidentModule,
  ],
})
export class SitrepModule {}
