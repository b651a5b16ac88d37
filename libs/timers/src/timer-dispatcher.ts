import { Logger } from '@nestjs/common';
import { PollingLoop, type Clock, type Database } from '@sitrep/platform';
import { TimerStore, type Timer } from './timer-store';

/** What a timer does when it fires: an idempotent command, so firing twice changes nothing. */
export type TimerHandler = (timer: Timer, firedAt: Date) => Promise<void>;

export interface DispatcherOptions {
  pollMs: number;
  batchSize: number;
  leaseMs: number;
  maxRetryDelayMs: number;
}

const DEFAULTS: DispatcherOptions = {
  pollMs: 1_000,
  batchSize: 50,
  leaseMs: 60_000,
  maxRetryDelayMs: 5 * 60_000,
};

/**
 * Fires due timers: polls the durable `timers` table by the injectable clock, so a timer that came
 * due while the process was down fires (late) at the next start, and tests move time instead of
 * waiting. A failing handler is retried with backoff and its error kept on the row.
 */
export class TimerDispatcher {
  private readonly logger = new Logger(TimerDispatcher.name);
  private readonly options: DispatcherOptions;
  private readonly store = new TimerStore();
  private readonly loop = new PollingLoop(
    () => this.pass(),
    () => this.options.pollMs,
  );

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    private readonly handlers: ReadonlyMap<string, TimerHandler>,
    options: Partial<DispatcherOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** Fires everything due now; returns how many timers fired. */
  async tick(): Promise<number> {
    let fired = 0;
    for (;;) {
      const now = this.clock.now();
      const due = await this.store.claimDue(
        this.database,
        [...this.handlers.keys()],
        now,
        this.options.batchSize,
        this.options.leaseMs,
      );
      if (due.length === 0) return fired;
      for (const timer of due) fired += (await this.fire(timer, now)) ? 1 : 0;
    }
  }

  private async fire(timer: Timer, now: Date): Promise<boolean> {
    try {
      await this.handlers.get(timer.kind)!(timer, now);
      await this.store.markFired(this.database, timer.key, now);
      return true;
    } catch (error) {
      const delay = Math.min(this.options.maxRetryDelayMs, 1_000 * 2 ** timer.attempts);
      this.logger.error(
        `timer ${timer.key} failed (attempt ${timer.attempts + 1}): ${(error as Error).message}`,
      );
      await this.store.markFailed(
        this.database,
        timer.key,
        (error as Error).message,
        new Date(now.getTime() + delay),
      );
      return false;
    }
  }

  private async pass(): Promise<void> {
    try {
      await this.tick();
    } catch (error) {
      this.logger.error(`timer dispatch failed: ${(error as Error).message}`);
    }
  }
}
