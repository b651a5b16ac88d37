import { Module } from '@nestjs/common';
import { AuthModule, HealthModule } from '@sitrep/platform';
import { MetricsModule } from '@sitrep/messaging';
import { BackgroundWorkModule, SitrepCoreModule } from '@sitrep/runtime';

/**
 * Background work: publishes the event log to Kafka, keeps the read models, fires timers. Serves
 * /health, /metrics and the admin view of parked events.
 */
@Module({
  imports: [SitrepCoreModule, BackgroundWorkModule, AuthModule, HealthModule, MetricsModule],
})
export class WorkerModule {}
