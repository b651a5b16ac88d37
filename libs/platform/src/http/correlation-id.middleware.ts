import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';
/** Anything else is replaced: the id goes into logs and events, so it must not carry injected text. */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
}
interface ResponseLike {
  setHeader(name: string, value: string): unknown;
}

/**
 * Gives every request a correlation id: the caller's `x-request-id` when it is sane, a new UUID
 * otherwise. It is written back into the request headers, so `@Headers('x-request-id')` always has
 * one, and echoed in the response.
 */
export function correlationIdMiddleware(
  req: RequestLike,
  res: ResponseLike,
  next: () => void,
): void {
  const requestId = ensureRequestId(req);
  res.setHeader(REQUEST_ID_HEADER, requestId);
  next();
}

export function ensureRequestId(req: RequestLike): string {
  const given = req.headers[REQUEST_ID_HEADER];
  if (typeof given === 'string' && ACCEPTABLE_ID.test(given)) return given;
  const requestId = randomUUID();
  req.headers[REQUEST_ID_HEADER] = requestId;
  return requestId;
}
