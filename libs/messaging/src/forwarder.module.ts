import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventLogForwarderService } from './kafka/event-log-forwarder.service';

/** Publishes the committed event log to Kafka (only when KAFKA_BROKERS is configured). */
@Module({
  imports: [CqrsModule],
  providers: [EventLogForwarderService],
  exports: [EventLogForwarderService],
})
export class ForwarderModule {}
