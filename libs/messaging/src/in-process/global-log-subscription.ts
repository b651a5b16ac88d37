import { Logger } from '@nestjs/common';
import { PollingLoop, type Database } from '@sitrep/platform';
import type { CheckpointStore, EventStore, LogPosition, RecordedEvent } from '@sitrep/event-store';
import {
  ProjectionApplier,
  type ApplierOptions,
  type ProjectionMetricsRecorder,
} from '../applying/projection-applier';
import type { Projection } from '../projection';
import { AppliedPositions } from '../applying/applied-positions';

export interface SubscriptionOptions {
  batchSize: number;
  pollIntervalMs: number;
  maxBackoffMs: number;
  applier: Partial<ApplierOptions>;
  metrics?: ProjectionMetricsRecorder;
}

const DEFAULTS: SubscriptionOptions = {
  batchSize: 500,
  pollIntervalMs: 250,
  maxBackoffMs: 30_000,
  applier: {},
};

/**
 * The in-process transport: tails the global log in commit order from the projection's durable
 * checkpoint and applies each batch through the ProjectionApplier, whose transaction also moves
 * the checkpoint (so it retries and parks like the Kafka transport). Woken right after local
 * appends, and polls for appends made by other processes.
 */
export class GlobalLogSubscription {
  private readonly logger: Logger;
  private readonly options: SubscriptionOptions;
  private readonly loop = new PollingLoop(
    () => this.drain(),
    () => this.delayMs(),
  );
  private failures = 0;
  private readonly applied = new AppliedPositions();
  private readonly applier: ProjectionApplier;

  constructor(
    private readonly projection: Projection,
    database: Database,
    private readonly events: EventStore,
    private readonly checkpoints: CheckpointStore,
    options: Partial<SubscriptionOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.logger = new Logger(`Projection:${projection.name}`);
    this.applier = new ProjectionApplier(
      projection,
      database,
      this.options.applier,
      this.options.metrics,
    );
  }

  get checkpointName(): string {
    return `projection:${this.projection.name}`;
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** Asks for a catch-up now (coalesced with one already under way). */
  wake(): void {
    this.loop.wake();
  }

  /** True once the event at `globalPosition` has been applied; false if it was parked, or after `timeoutMs`. */
  waitFor(globalPosition: number, timeoutMs: number): Promise<boolean> {
    return this.applied.waitFor(globalPosition, timeoutMs);
  }

  /** Applies everything committed so far; used by tests and the CLI as well as the loop. */
  async catchUp(): Promise<number> {
    let applied = 0;
    for (;;) {
      const from = await this.checkpoints.read(this.checkpointName);
      const batch = await this.events.readAll(from, this.options.batchSize);
      if (batch.length === 0) return applied;
      const parked = await this.applyBatch(from, batch);
      applied += batch.length;
      this.release(batch, parked);
    }
  }

  private async drain(): Promise<void> {
    try {
      await this.catchUp();
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      this.logger.error(
        `catch-up failed (attempt ${this.failures}), retrying with backoff: ${(error as Error).message}`,
      );
    }
  }

  /** Returns the ids of the events that were parked. */
  private async applyBatch(from: LogPosition, batch: RecordedEvent[]): Promise<Set<string>> {
    const last = batch[batch.length - 1];
    const next: LogPosition = {
      transactionId: last.transactionId,
      globalPosition: last.globalPosition,
    };
    const outcome = await this.applier.apply(batch, async (tx) => {
      const moved = await this.checkpoints.compareAndSet(this.checkpointName, from, next, tx);
      // Another process moved the checkpoint first: roll back; its work covers ours.
      if (!moved) throw new CheckpointMovedError(this.checkpointName);
    });
    return new Set(outcome.parked.map((event) => event.eventId));
  }

  private release(batch: RecordedEvent[], parked: Set<string>): void {
    for (const event of batch)
      this.applied.release(event.globalPosition, !parked.has(event.eventId));
  }

  private delayMs(): number {
    const { pollIntervalMs, maxBackoffMs } = this.options;
    if (this.failures === 0) return pollIntervalMs;
    return Math.min(maxBackoffMs, pollIntervalMs * 2 ** this.failures);
  }
}

export class CheckpointMovedError extends Error {
  constructor(name: string) {
    super(`checkpoint ${name} was moved by another process`);
  }
}
