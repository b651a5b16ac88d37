import type { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorText } from '../applying/apply-errors';

export interface BackoffOptions {
  initialDelayMs: number;
  maxDelayMs: number;
}

const DEFAULT_BACKOFF: BackoffOptions = { initialDelayMs: 500, maxDelayMs: 30_000 };

/**
 * Tries a start-up step (connect, create topics, join) until it works or the process stops:
 * Kafka being down at start degrades the process, it does not end it. Stopping cuts a wait short.
 */
export class RetryWithBackoff {
  private readonly stopping = new AbortController();
  /** The last attempt's error, until an attempt succeeds. */
  lastError: string | null = null;

  constructor(
    private readonly logger: Logger,
    private readonly options: BackoffOptions = DEFAULT_BACKOFF,
  ) {}

  /** True once `attempt` succeeded; false if stopped first. */
  async until(what: string, attempt: () => Promise<void>): Promise<boolean> {
    for (let failures = 0; !this.stopping.signal.aborted; failures++) {
      try {
        await attempt();
        this.lastError = null;
        return true;
      } catch (error) {
        if (this.stopping.signal.aborted) return false;
        this.lastError = errorText(error);
        const delay = Math.min(
          this.options.maxDelayMs,
          this.options.initialDelayMs * 2 ** failures,
        );
        this.logger.warn(
          `could not ${what} (attempt ${failures + 1}), again in ${delay} ms: ${this.lastError}`,
        );
        await sleep(delay, undefined, { signal: this.stopping.signal }).catch(() => undefined);
      }
    }
    return false;
  }

  stop(): void {
    this.stopping.abort();
  }
}
