import { Logger } from '@nestjs/common';
import type { Database, Sql } from '@sitrep/platform';
import type { RecordedEvent } from '@sitrep/event-store';
import { ReadModelCatalog } from '../catalog/read-model-catalog';
import type { Projection, TableNames } from '../projection';
import { BookkeepingError, errorText, isSystemicError } from './apply-errors';
import { blockedStreams, parkEvent } from './parked-events';

/** What a transport commits together with the read-model write (checkpoint move, stored offsets). */
export type Bookkeeping = (tx: Sql) => Promise<void>;

export interface ApplierOptions {
  /** Tries of a whole batch before it is split to find the event(s) at fault. */
  attempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
}

/** Where the applier reports what it did (the Prometheus metrics, in an app). */
export interface ProjectionMetricsRecorder {
  observeBatch(projection: string, applied: number, seconds: number): void;
  observeParked(projection: string, parked: number): void;
}

export interface ApplyOutcome {
  /** Events of this projection that were applied (or found already applied: rows are idempotent). */
  applied: RecordedEvent[];
  parked: RecordedEvent[];
}

const DEFAULTS: ApplierOptions = {
  attempts: 3,
  initialDelayMs: 200,
  maxDelayMs: 5_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Applies batches of events to one projection for either transport: the read-model write and the
 * transport's bookkeeping commit in one transaction. A batch that keeps failing is retried with
 * capped exponential backoff, then applied one event at a time (each under a savepoint) so the
 * event(s) at fault are parked in that same transaction and the rest go through. Failures that
 * are not an event's fault (database away, schema mismatch, bookkeeping) are thrown to the
 * transport instead, which backs off and delivers the batch again.
 */
export class ProjectionApplier {
  private readonly options: ApplierOptions;
  private readonly logger: Logger;
  private readonly catalog = new ReadModelCatalog();
  private parkingInstalled = false;

  constructor(
    readonly projection: Projection,
    private readonly database: Database,
    options: Partial<ApplierOptions> = {},
    private readonly metrics?: ProjectionMetricsRecorder,
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.logger = new Logger(`Projection:${projection.name}`);
  }

  async apply(events: readonly RecordedEvent[], bookkeeping?: Bookkeeping): Promise<ApplyOutcome> {
    const started = process.hrtime.bigint();
    const mine = events.filter((event) => this.projection.handles(event));
    const outcome = await this.applyWithRetries(mine, bookkeeping);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.metrics?.observeBatch(this.projection.name, outcome.applied.length, seconds);
    if (outcome.parked.length > 0) {
      this.metrics?.observeParked(this.projection.name, outcome.parked.length);
    }
    return outcome;
  }

  private async applyWithRetries(
    mine: RecordedEvent[],
    bookkeeping?: Bookkeeping,
  ): Promise<ApplyOutcome> {
    const firstFailedAt = new Date();
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.options.attempts; attempt++) {
      try {
        return await this.database.transaction((tx) => this.applyAll(tx, mine, bookkeeping));
      } catch (error) {
        if (error instanceof BookkeepingError) throw error.original;
        lastError = error;
        if (attempt < this.options.attempts) await this.options.sleep(this.delay(attempt));
      }
    }
    if (isSystemicError(lastError)) throw lastError;
    this.logger.warn(
      `batch of ${mine.length} failed ${this.options.attempts} times (${errorText(lastError)}); applying one by one`,
    );
    try {
      return await this.database.transaction((tx) =>
        this.applyOneByOne(tx, mine, firstFailedAt, bookkeeping),
      );
    } catch (error) {
      throw error instanceof BookkeepingError ? error.original : error;
    }
  }

  private async applyAll(
    tx: Sql,
    mine: RecordedEvent[],
    bookkeeping?: Bookkeeping,
  ): Promise<ApplyOutcome> {
    const blocked = await this.blockedStreams(tx, mine);
    const [ready, waiting] = partition(mine, (e) => !blocked.has(e.streamId));
    if (ready.length > 0) {
      const tables = await this.catalog.tablesFor(tx, this.projection);
      await this.projection.applyBatch(tx, ready, tables);
    }
    for (const event of waiting) await this.parkBehind(tx, event, blocked.get(event.streamId)!);
    await runBookkeeping(tx, bookkeeping);
    return { applied: ready, parked: waiting };
  }

  private async applyOneByOne(
    tx: Sql,
    mine: RecordedEvent[],
    firstFailedAt: Date,
    bookkeeping?: Bookkeeping,
  ): Promise<ApplyOutcome> {
    const blocked = await this.blockedStreams(tx, mine);
    const tables = mine.length > 0 ? await this.catalog.tablesFor(tx, this.projection) : {};
    const outcome: ApplyOutcome = { applied: [], parked: [] };
    for (const event of mine) {
      const blocker = blocked.get(event.streamId);
      if (blocker) {
        await this.parkBehind(tx, event, blocker);
        outcome.parked.push(event);
        continue;
      }
      const error = await this.tryOne(tx, event, tables);
      if (error === null) {
        outcome.applied.push(event);
        continue;
      }
      if (isSystemicError(error)) throw error;
      this.logger.error(
        `parked event ${event.eventId} (${event.type}, ${event.streamId}@${event.streamPosition}, global ${event.globalPosition}): ${errorText(error)}`,
      );
      const attempts = this.options.attempts + 1;
      await parkEvent(tx, this.projection.name, event, {
        error: errorText(error),
        attempts,
        firstFailedAt,
      });
      blocked.set(event.streamId, event.eventId);
      outcome.parked.push(event);
    }
    await runBookkeeping(tx, bookkeeping);
    return outcome;
  }

  /** Applies one event under a savepoint; returns its error (rolled back) or null. */
  async tryOne(tx: Sql, event: RecordedEvent, tables: TableNames): Promise<unknown> {
    await tx.query('SAVEPOINT apply_one');
    try {
      await this.projection.applyBatch(tx, [event], tables);
      await tx.query('RELEASE SAVEPOINT apply_one');
      return null;
    } catch (error) {
      await tx.query('ROLLBACK TO SAVEPOINT apply_one');
      return error;
    }
  }

  private async parkBehind(tx: Sql, event: RecordedEvent, blocker: string): Promise<void> {
    this.logger.error(
      `parked event ${event.eventId} (${event.streamId}@${event.streamPosition}) behind parked event ${blocker} of the same stream`,
    );
    await parkEvent(tx, this.projection.name, event, {
      error: `blocked behind parked event ${blocker} of the same stream`,
      attempts: 0,
      firstFailedAt: new Date(),
      blockedBy: blocker,
    });
  }

  /**
   * Without the parked_events migration nothing can be blocked (and a poison event stalls the
   * transport, which keeps retrying it, instead of being parked): older wiring keeps working.
   */
  private async blockedStreams(tx: Sql, mine: RecordedEvent[]): Promise<Map<string, string>> {
    if (mine.length === 0) return new Map();
    if (!this.parkingInstalled) {
      const [row] = await tx.query<{ installed: boolean }>(
        `SELECT to_regclass('parked_events') IS NOT NULL AS installed`,
      );
      this.parkingInstalled = row.installed;
      if (!row.installed) return new Map();
    }
    return blockedStreams(tx, this.projection.name, mine);
  }

  private delay(attempt: number): number {
    return Math.min(this.options.maxDelayMs, this.options.initialDelayMs * 2 ** (attempt - 1));
  }
}

async function runBookkeeping(tx: Sql, bookkeeping?: Bookkeeping): Promise<void> {
  if (!bookkeeping) return;
  try {
    await bookkeeping(tx);
  } catch (error) {
    throw new BookkeepingError(error);
  }
}

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (test(item) ? yes : no).push(item);
  return [yes, no];
}
