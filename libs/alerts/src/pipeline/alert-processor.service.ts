import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { EventBus, EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import {
  CLOCK,
  DATABASE,
  SITREP_CONFIG,
  type Clock,
  type Database,
  type SitrepConfig,
} from '@sitrep/platform';
import {
  CHECKPOINT_STORE,
  EVENT_STORE,
  type CheckpointStore,
  type EventStore,
} from '@sitrep/event-store';
import { AdvisoryLock, EventsAppended } from '@sitrep/messaging';
import { settingsOf } from '../integrations/integration';
import { integrationStore } from '../integrations/integration.store';
import { DeliveriesAccepted } from '../intake/delivery-recorder';
import { AlertPipelineService } from './alert-pipeline.service';
import { AlertProcessor } from './alert-processor';

/** The advisory-lock key of the single alert processor (class, id). */
const ALERT_PROCESSOR_LOCK: readonly [number, number] = [73_461_003, 1];

/** Runs the alert processor in this process (worker, or all in one). */
@Injectable()
@EventsHandler(DeliveriesAccepted)
export class AlertProcessorService
  implements IEventHandler<DeliveriesAccepted>, OnApplicationBootstrap, OnApplicationShutdown
{
  readonly processor: AlertProcessor;

  constructor(
    @Inject(SITREP_CONFIG) config: SitrepConfig,
    @Inject(DATABASE) database: Database,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CHECKPOINT_STORE) checkpoints: CheckpointStore,
    @Inject(CLOCK) clock: Clock,
    pipeline: AlertPipelineService,
    eventBus: EventBus,
  ) {
    const url = config.database.url;
    this.processor = new AlertProcessor({
      database,
      store,
      checkpoints,
      pipeline,
      clock,
      settingsOf: async (ids) => {
        const found = await integrationStore.findMany(database, ids);
        return new Map(found.map((i) => [i.integrationId, settingsOf(i)]));
      },
      lock: url ? new AdvisoryLock(url, ALERT_PROCESSOR_LOCK) : null,
      appended: (position) => eventBus.publish(new EventsAppended(position)),
    });
  }

  onApplicationBootstrap(): void {
    this.processor.start();
  }

  handle(): void {
    this.processor.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.processor.stop();
  }
}
