import { setTimeout as sleep } from 'node:timers/promises';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  CLOCK,
  DATABASE,
  PollingLoop,
  SITREP_CONFIG,
  type Clock,
  type Database,
  type SitrepConfig,
} from '@sitrep/platform';
import { deliveryStore } from './webhook-delivery.store';

const DAY_MS = 24 * 3600 * 1000;
/** How often expired deliveries are looked for: at start, then this often. */
export const RETENTION_SWEEP_INTERVAL_MS = 3600 * 1000;
/** Rows per delete statement, and the pause between statements, so a sweep never hogs the database. */
export const RETENTION_BATCH = 5_000;
const PAUSE_BETWEEN_BATCHES_MS = 100;

/**
 * Deletes raw webhook deliveries, with their processing outcomes, once they are older than
 * DELIVERY_RETENTION_DAYS (default 30; 0 keeps them forever) and the processor is done with
 * them. Events and read models keep what the alerts did; only the raw bytes go. Runs with the
 * alert processor (worker, or all in one); two at once would only share the work.
 */
@Injectable()
export class DeliveryRetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryRetentionService.name);
  private readonly loop = new PollingLoop(
    () => this.pass(),
    () => RETENTION_SWEEP_INTERVAL_MS,
  );

  constructor(
    @Inject(SITREP_CONFIG) private readonly config: SitrepConfig,
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.deliveryRetentionDays !== null) this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** Deletes every expired delivery, a batch at a time: how many. */
  async sweep(): Promise<number> {
    const days = this.config.deliveryRetentionDays;
    if (days === null) return 0;
    const cutoff = new Date(this.clock.now().getTime() - days * DAY_MS);
    let deleted = 0;
    for (;;) {
      const n = await deliveryStore.deleteExpired(this.db, cutoff, RETENTION_BATCH);
      deleted += n;
      if (n < RETENTION_BATCH) return deleted;
      await sleep(PAUSE_BETWEEN_BATCHES_MS);
    }
  }

  private async pass(): Promise<void> {
    try {
      const deleted = await this.sweep();
      if (deleted > 0) {
        this.logger.log(
          `deleted ${deleted} webhook deliveries older than ${this.config.deliveryRetentionDays} days`,
        );
      }
    } catch (error) {
      this.logger.error(`webhook delivery retention failed: ${(error as Error).message}`);
    }
  }
}
