import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';
/** Anything else is replaced: the id goes into logs and events, so it must not carry injected text. */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
}
interface ReplyLike {
  header(name: string, value: string): unknown;
}

/**
 * Gives every request a correlation id (an `onRequest` hook, so it runs before the body is read
 * and even a malformed body's answer carries it): the caller's `x-request-id` when it is sane, a
 * new UUID otherwise. It is written back into the request headers, so `@Headers('x-request-id')`
 * always has one, and echoed in the response.
 */
export function correlationIdHook(req: RequestLike, reply: ReplyLike, done: () => void): void {
  reply.header(REQUEST_ID_HEADER, ensureRequestId(req));
  done();
}

export function ensureRequestId(req: RequestLike): string {
  const given = req.headers[REQUEST_ID_HEADER];
  if (typeof given === 'string' && ACCEPTABLE_ID.test(given)) return given;
  const requestId = randomUUID();
  req.headers[REQUEST_ID_HEADER] = requestId;
  return requestId;
}
