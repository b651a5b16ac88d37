import { Module } from '@nestjs/common';
import { AuthModule, HealthModule } from '@sitrep/platform';
import { IncidentModule } from '@sitrep/incident';
import { AlertsModule } from '@sitrep/alerts';
import { MetricsModule, ProjectionsModule } from '@sitrep/messaging';
import { SitrepCoreModule } from '@sitrep/runtime';

/** HTTP only: commands, queries, health, docs. The worker does the background work. */
@Module({
  imports: [
    SitrepCoreModule,
    ProjectionsModule.elsewhere(),
    AuthModule,
    HealthModule,
    MetricsModule,
    IncidentModule,
    AlertsModule,
  ],
})
export class ApiModule {}
