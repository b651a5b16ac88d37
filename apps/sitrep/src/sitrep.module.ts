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
import { incidentMigrations, IncidentModule, incidentProjections } from '@sitrep/incident';
import { ForwarderModule, ProjectionsModule, readModelCatalogMigrations } from '@sitrep/messaging';

/** All in one process: the HTTP API and the read models it serves. The embedded default. */
@Module({
  imports: [
    SitrepConfigModule,
    ClockModule,
    DatabaseModule.forRoot([
      ...eventStoreMigrations,
      ...readModelCatalogMigrations,
      ...apiKeyMigrations,
      ...incidentMigrations,
    ]),
    EventStoreModule.forRoot(),
    ProjectionsModule.inProcess(incidentProjections),
    ForwarderModule,
    AuthModule,
    HealthModule,
    IncidentModule,
  ],
})
export class SitrepModule {}
