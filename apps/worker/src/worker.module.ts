import { Module } from '@nestjs/common';
import {
  apiKeyMigrations,
  ClockModule,
  DatabaseModule,
  HealthModule,
  SitrepConfigModule,
} from '@sitrep/platform';
import { EventStoreModule, eventStoreMigrations } from '@sitrep/event-store';
import { incidentMigrations, incidentProjections } from '@sitrep/incident';
import { ForwarderModule, ProjectionsModule, readModelCatalogMigrations } from '@sitrep/messaging';

/** Background work: keeps the read models from the event log. Serves only /health. */
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
    HealthModule,
  ],
})
export class WorkerModule {}
