import { Inject, Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { DATABASE, type Database } from '@sitrep/platform';
import { deliveryStore, type DeliveryRecord } from './webhook-delivery.store';

/** One insert carries at most this many deliveries, or this many body bytes. */
const MAX_ROWS = 500;
const MAX_BYTES = 8 * 1024 * 1024;

/**
 * In-process notice (on the @nestjs/cqrs EventBus) that accepted deliveries were committed: wakes
 * a processor in the same process early. Nothing depends on it; the processor also polls.
 */
export class DeliveriesAccepted {}

type Waiting = { record: DeliveryRecord; done: () => void; failed: (error: unknown) => void };

/**
 * Group commit for the door: deliveries arriving while an insert is under way wait for the next
 * one, which takes them all in a single statement and commit. Under a storm that is one commit
 * per few milliseconds instead of one per delivery; alone, a delivery is written at once. Every
 * caller hears back only after its own row has committed.
 */
@Injectable()
export class DeliveryRecorder {
  private waiting: Waiting[] = [];
  // One insert at a time measured best (bench:ingest; three at once was slower): under a storm
  // the server is busy anyway, and waiting for the insert under way makes the biggest batches.
  private writing = false;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly eventBus: EventBus,
  ) {}

  record(record: DeliveryRecord): Promise<void> {
    return new Promise<void>((done, failed) => {
      this.waiting.push({ record, done, failed });
      if (!this.writing) void this.write();
    });
  }

  private async write(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.take();
        try {
          await deliveryStore.insertMany(
            this.db,
            batch.map((w) => w.record),
          );
        } catch (error) {
          for (const w of batch) w.failed(error);
          continue;
        }
        for (const w of batch) w.done();
        if (batch.some((w) => w.record.status === 'accepted')) {
          this.eventBus.publish(new DeliveriesAccepted());
        }
      }
    } finally {
      this.writing = false;
    }
  }

  private take(): Waiting[] {
    let bytes = 0;
    let count = 0;
    while (count < this.waiting.length && count < MAX_ROWS) {
      bytes += this.waiting[count].record.body.length;
      if (count > 0 && bytes > MAX_BYTES) break;
      count += 1;
    }
    return this.waiting.splice(0, count);
  }
}
