import { Module } from '@nestjs/common';
import {
  apiKeyMigrations,
  ClockModule,
  DatabaseModule,
  SitrepConfigModule,
  type Migrations,
} from '@sitrep/platform';
import { EventStoreModule, eventStoreMigrations } from '@sitrep/event-store';
import { messagingMigrations } from '@sitrep/messaging';
import { timerMigrations } from '@sitrep/timers';
import { incidentMigrations } from '@sitrep/incident';
import { alertMigrations } from '@sitrep/alerts';

/** Every schema migration, in one list, so every deployable migrates to the same schema. */
export const sitrepMigrations: Migrations = [
  ...eventStoreMigrations,
  ...messagingMigrations,
  ...apiKeyMigrations,
  ...timerMigrations,
  ...incidentMigrations,
  ...alertMigrations,
];

/** What every deployable stands on: validated configuration, the clock, the database, the event store. */
@Module({
  imports: [
    SitrepConfigModule,
    ClockModule,
    DatabaseModule.forRoot(sitrepMigrations),
    EventStoreModule.forRoot(),
  ],
})
export class SitrepCoreModule {}
