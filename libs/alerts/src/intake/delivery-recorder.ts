import { Inject, Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { DATABASE, GroupCommit, type Database } from '@sitrep/platform';
import { deliveryStore, type DeliveryRecord } from './webhook-delivery.store';

/**
 * In-process notice (on the @nestjs/cqrs EventBus) that accepted deliveries were committed: wakes
 * a processor in the same process early. Nothing depends on it; the processor also polls.
 */
export class DeliveriesAccepted {}

/**
 * Group commit for the intake: deliveries arriving while an insert is under way wait for the next
 * one, which takes them all in a single statement and commit. Under a storm that is one commit
 * per few milliseconds instead of one per delivery; alone, a delivery is written at once. Every
 * caller hears back only after its own row has committed. One insert at a time measured best
 * (bench:ingest; three at once was slower): under a storm the server is busy anyway, and waiting
 * for the insert under way makes the biggest batches.
 */
@Injectable()
export class DeliveryRecorder {
  private readonly commits = new GroupCommit<DeliveryRecord>((records) => this.insert(records), {
    // One insert carries at most this many deliveries, or this many body bytes.
    maxItems: 500,
    sizeOf: (record) => record.body.length,
    maxSize: 8 * 1024 * 1024,
  });

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly eventBus: EventBus,
  ) {}

  record(record: DeliveryRecord): Promise<void> {
    return this.commits.submit(record);
  }

  private async insert(records: DeliveryRecord[]): Promise<void> {
    await deliveryStore.insertMany(this.db, records);
    if (records.some((record) => record.status === 'accepted')) {
      this.eventBus.publish(new DeliveriesAccepted());
    }
  }
}
