import { registerErrorCodes } from '@sitrep/platform';

/**
 * How a command without If-Match rides out other writers of its stream. In this process they take
 * turns (StreamTurns), each waiting at most `turnWaitMs` for its own. Against other processes each
 * round of a race lets one append through, so N writers need up to N rounds: the losers wait a
 * random while (full jitter, doubling up to `maxDelayMs`) so as not to collide again all together,
 * and give up once `budgetMs` has passed since their first conflict. Either way the answer is then
 * StreamContendedError (503), never a 409 the client could not have avoided.
 */
export interface ConflictRetryPolicy {
  budgetMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  turnWaitMs: number;
}

export const CONFLICT_RETRY_POLICY: ConflictRetryPolicy = {
  budgetMs: 2_000,
  baseDelayMs: 2,
  maxDelayMs: 50,
  turnWaitMs: 5_000,
};

/** The wait before the given conflict retry (1 = the first): uniform in [0, min(max, base·2^(retry-1))]. */
export function conflictBackoffMs(
  retry: number,
  policy: ConflictRetryPolicy = CONFLICT_RETRY_POLICY,
  random: () => number = Math.random,
): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(retry - 1, 20));
  return Math.round(random() * cap);
}

export const CONCURRENCY_CONTENDED = 'CONCURRENCY.CONTENDED';

/**
 * A stream kept changing under a command for longer than the retry budget. Nothing was appended;
 * the same request later is likely to go through, hence 503 with Retry-After rather than a 409
 * the client could not have avoided (it sent no If-Match).
 */
export class StreamContendedError extends Error {
  readonly code = CONCURRENCY_CONTENDED;
  readonly retryAfterSeconds = 1;
  constructor(
    readonly streamId: string,
    readonly attempts: number,
  ) {
    super(`Too many concurrent writes to ${streamId}; nothing was recorded, retry shortly`);
    this.name = 'StreamContendedError';
  }
}

registerErrorCodes({ [CONCURRENCY_CONTENDED]: 503 });
