import { Module } from '@nestjs/common';
import { AuthModule, HealthModule } from '@sitrep/platform';
import { IncidentModule } from '@sitrep/incident';
import { AlertsModule } from '@sitrep/alerts';
import { MetricsModule } from '@sitrep/messaging';
import { BackgroundWorkModule, SitrepCoreModule } from '@sitrep/runtime';

/** All in one process: the HTTP API and the background work. The embedded default. */
@Module({
  imports: [
    SitrepCoreModule,
    BackgroundWorkModule,
    AuthModule,
    HealthModule,
    MetricsModule,
    IncidentModule,
    AlertsModule,
  ],
})
export class SitrepModule {}
