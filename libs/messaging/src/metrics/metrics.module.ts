import { Global, Inject, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DATABASE, type Database } from '@sitrep/platform';
import { ParkedEvents } from '../applying/parked-events';
import { ParkedEventsHttpController } from '../applying/parked-events.http.controller';
import { EventLogForwarderService } from '../kafka/event-log-forwarder.service';
import { KafkaProjectionsRunner } from '../kafka/kafka-projections.runner';
import { MetricsHttpController } from './metrics.http.controller';
import { SitrepMetrics } from './sitrep-metrics';

/**
 * `GET /metrics` and the admin view of parked events. Global, so the projection runners (which
 * inject SitrepMetrics optionally) report into the same registry wherever they are wired.
 */
@Global()
@Module({
  controllers: [MetricsHttpController, ParkedEventsHttpController],
  providers: [
    {
      provide: SitrepMetrics,
      inject: [DATABASE],
      useFactory: (database: Database) => {
        const parked = new ParkedEvents(database);
        return new SitrepMetrics({
          parkedByProjection: () => parked.count().catch(() => ({})),
          defaultMetrics: true,
        });
      },
    },
  ],
  exports: [SitrepMetrics],
})
export class MetricsModule implements OnApplicationBootstrap {
  private readonly logger = new Logger(MetricsModule.name);

  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject(SitrepMetrics) private readonly metrics: SitrepMetrics,
  ) {}

  /** The forwarder runs only in processes that import ForwarderModule and use Kafka; elsewhere no lag series. */
  onApplicationBootstrap(): void {
    const forwarder = this.find(EventLogForwarderService);
    const projections = this.find(KafkaProjectionsRunner);
    this.metrics.setSources({
      kafkaConnected: () => {
        const components: Record<string, boolean> = {};
        const publishing = forwarder?.connected ?? null;
        if (publishing !== null) components.forwarder = publishing;
        for (const consumer of projections?.consumers ?? []) {
          components[`projection:${consumer.projection.name}`] = consumer.connected;
        }
        return components;
      },
    });
    if (!forwarder) {
      this.logger.debug('no forwarder in this process: sitrep_forwarder_lag_events is absent');
      return;
    }
    this.metrics.setSources({ forwarderLag: () => forwarder.lag().catch(() => null) });
  }

  private find<T>(type: new (...args: never[]) => T): T | null {
    try {
      return this.moduleRef.get(type, { strict: false });
    } catch {
      return null;
    }
  }
}
