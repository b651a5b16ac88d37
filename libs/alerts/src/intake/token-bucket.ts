export interface RateLimit {
  /** Sustained deliveries per second per integration. */
  perSecond: number;
  /** How many may arrive at once after a quiet period. */
  burst: number;
}

export const DEFAULT_WEBHOOK_RATE_LIMIT: RateLimit = { perSecond: 50, burst: 200 };

export type TakeResult = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * One token bucket per key, in memory: each process limits on its own, so N replicas allow N
 * times the rate. Good enough to keep one noisy sender from starving the others.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly limit: RateLimit) {
    if (!(limit.perSecond > 0) || !(limit.burst >= 1)) {
      throw new Error('A rate limit needs perSecond > 0 and burst >= 1');
    }
  }

  take(key: string, now: Date): TakeResult {
    const at = now.getTime();
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.burst, at };
    const refilled = (Math.max(0, at - bucket.at) / 1000) * this.limit.perSecond;
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + refilled);
    bucket.at = at;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return {
      ok: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.limit.perSecond)),
    };
  }
}
