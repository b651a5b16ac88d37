import {
  Inject,
  Injectable,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { EventBus, EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import {
  AdvisoryLock,
  CLOCK,
  DATABASE,
  SITREP_CONFIG,
  type AdvisoryLockKey,
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
import { EventsAppended, SitrepMetrics } from '@sitrep/messaging';
import { settingsOf } from '../integrations/integration';
import { integrationStore } from '../integrations/integration.store';
import { deliveryStore } from '../intake/webhook-delivery.store';
import { DeliveriesAccepted } from '../intake/delivery-recorder';
import { SOURCE_REGISTRY, type SourceRegistry } from '../source-registry';
import { AlertPipelineService } from './alert-pipeline.service';
import { ALERT_PROCESSOR_CHECKPOINT, AlertProcessor } from './alert-processor';

/** The advisory-lock key of the single alert processor (class, id). */
const ALERT_PROCESSOR_LOCK: AdvisoryLockKey = [73_461_003, 1];

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
    @Inject(SOURCE_REGISTRY) sources: SourceRegistry,
    @Optional() metrics?: SitrepMetrics,
  ) {
    const url = config.database.url;
    const counted = metrics && processorMetrics(metrics, database, checkpoints);
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
      lock: url ? new AdvisoryLock(url, ALERT_PROCESSOR_LOCK, 'sitrep-alert-processor-lock') : null,
      appended: (position) => eventBus.publish(new EventsAppended(position)),
      recorded: (outcomes) => {
        for (const o of outcomes) counted?.inc({ status: o.status });
      },
      answerHandshake: async (source, handshake) =>
        sources.get(source)?.source.answerHandshake?.(handshake),
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

/**
 * `sitrep_alert_deliveries_pending` (read from the database when scraped, so right from any
 * process) and `sitrep_alert_deliveries_processed_total` by outcome (this process's work).
 */
function processorMetrics(
  metrics: SitrepMetrics,
  database: Database,
  checkpoints: CheckpointStore,
): Counter<'status'> {
  const registers = [metrics.registry];
  new Gauge({
    name: 'sitrep_alert_deliveries_pending',
    help: 'Accepted webhook deliveries the alert processor has not decided yet.',
    registers,
    async collect() {
      const from = await checkpoints.read(ALERT_PROCESSOR_CHECKPOINT);
      this.set(await deliveryStore.pendingAfter(database, from));
    },
  });
  const counter = new Counter({
    name: 'sitrep_alert_deliveries_processed_total',
    help: 'Deliveries the alert processor recorded an outcome for: processed, retry (the sender sent the same delivery again), failed (with its error, found at once).',
    labelNames: ['status'],
    registers,
  });
  for (const status of ['processed', 'retry', 'failed']) counter.inc({ status }, 0);
  return counter;
}
