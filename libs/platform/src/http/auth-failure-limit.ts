import { sendError } from './domain-error.filter';
import { pathOf } from './request-body';

/** Failed authentications allowed per window before further requests are answered 429. */
export interface AuthFailureLimit {
  /** Per client address (the socket's, or what TRUST_PROXY lets the proxies say), API and webhooks. */
  perClient: number;
  /** Per webhook integration, from all addresses together; 0: no such limit. */
  perIntegration: number;
  windowSeconds: number;
}

export const DEFAULT_AUTH_FAILURE_LIMIT: AuthFailureLimit = {
  perClient: 20,
  perIntegration: 100,
  windowSeconds: 60,
};

/** Where failed authentication is counted: the API keys' routes and the webhook intake. */
const GUARDED = /^\/(api\/v1|webhooks)(\/|$)/i;
const WEBHOOK_INTEGRATION = /^\/webhooks\/[^/]+\/([^/]+)/i;
const AUTH_FAILED = Symbol('sitrep.auth-failed');
/** Windows kept before expired ones are swept, so a spray of addresses cannot grow the map forever. */
const SWEEP_ABOVE = 10_000;

interface LimitedRequest {
  method: string;
  url: string;
  ip?: string;
  headers: Record<string, string | string[] | undefined>;
  [AUTH_FAILED]?: () => void;
}

interface LimitedReply {
  sent: boolean;
  getHeader(name: string): unknown;
  header(name: string, value: string): unknown;
  status(code: number): { send(body: unknown): unknown };
}

/** Fixed windows of failures per key, in memory: each process counts on its own. */
export class FailureWindows {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `key` may try again once it failed `limit` times this window; else null. */
  retryAfter(key: string, limit: number): number | null {
    const window = this.windows.get(key);
    const now = this.now();
    if (!window || window.endsAt <= now || window.count < limit) return null;
    return Math.max(1, Math.ceil((window.endsAt - now) / 1000));
  }

  fail(key: string): void {
    const now = this.now();
    const window = this.windows.get(key);
    if (window && window.endsAt > now) {
      window.count += 1;
      return;
    }
    if (this.windows.size >= SWEEP_ABOVE) this.sweep(now);
    this.windows.set(key, { count: 1, endsAt: now + this.windowMs });
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
  }
}

/**
 * An `onRequest` hook: a client address (or an integration) that spent its failed-authentication
 * budget is answered 429 with Retry-After before its body is read and before any key is hashed or
 * looked up; 400 guessed API keys were once all answered 401. Authentication checks report their
 * failures with recordAuthFailure(request).
 */
export function authFailureLimitHook(limit: AuthFailureLimit, now?: () => number) {
  const windows = new FailureWindows(limit.windowSeconds * 1000, now);
  return (req: LimitedRequest, reply: LimitedReply, done: () => void): void => {
    const path = pathOf(req.url);
    if (!GUARDED.test(path)) return done();
    const budgets: [string, number][] = [[`client:${req.ip ?? ''}`, limit.perClient]];
    const integration = WEBHOOK_INTEGRATION.exec(path)?.[1]?.toLowerCase();
    if (integration && limit.perIntegration > 0) {
      budgets.push([`integration:${integration}`, limit.perIntegration]);
    }
    for (const [key, budget] of budgets) {
      const retryAfter = windows.retryAfter(key, budget);
      if (retryAfter === null) continue;
      reply.header('Retry-After', String(retryAfter));
      const whose = key.startsWith('client:') ? 'this address' : 'this integration';
      return sendError(req, reply, {
        statusCode: 429,
        code: 'TOO_MANY_AUTH_FAILURES',
        message: `Too many failed authentications from ${whose}; retry in ${retryAfter} s`,
      });
    }
    req[AUTH_FAILED] = () => budgets.forEach(([key]) => windows.fail(key));
    done();
  };
}

/** Counts a failed authentication against the request's address (and integration, for webhooks). */
export function recordAuthFailure(request: object): void {
  (request as LimitedRequest)[AUTH_FAILED]?.();
}
