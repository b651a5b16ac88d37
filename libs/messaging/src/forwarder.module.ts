import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventLogForwarderService } from './kafka/event-log-forwarder.service';
import { EVENT_TOPIC_ROUTES, type TopicRoute } from './kafka/kafka-topics';

/** Publishes the committed event log to Kafka (only when KAFKA_BROKERS is configured). */
@Module({
  imports: [CqrsModule],
  providers: [EventLogForwarderService],
  exports: [EventLogForwarderService],
})
export class ForwarderModule {
  /**
   * With the shares of the log that go to topics of their own. Global, so that the Kafka
   * projections of the process learn the same routes (see KafkaProjectionsRunner).
   */
  static withRoutes(routes: readonly TopicRoute[]): DynamicModule {
    return {
      module: ForwarderModule,
      global: true,
      providers: [{ provide: EVENT_TOPIC_ROUTES, useValue: routes }],
      exports: [EVENT_TOPIC_ROUTES],
    };
  }
}
