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
import { incidentMigrations, IncidentModule } from '@sitrep/incident';
import { messagingMigrations, MetricsModule, ProjectionsModule } from '@sitrep/messaging';

/** HTTP only: commands, queries, health, docs. The worker keeps the read models. */
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
    ProjectionsModule.elsewhere(),
    AuthModule,
    HealthModule,
    MetricsModule,
    IncidentModule,
  ],
})
export class ApiModule {}
