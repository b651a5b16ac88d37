/**
 * Whether an error says the database cannot be reached or is going away, rather than anything
 * about the request: the server refused or dropped the session, or the network did. The same
 * request a little later is likely to work, so the HTTP edge answers 503 DATABASE.UNAVAILABLE
 * with Retry-After (senders retry a 503), not a 500 that reads as a bug.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return unavailable(error, 0);
}

export const DATABASE_UNAVAILABLE = 'DATABASE.UNAVAILABLE';
/** What a 503 for an unavailable database asks the sender to wait, in seconds. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * SQLSTATEs of an unreachable server besides class 08 (connection exception): shut down by an
 * administrator or a crash, starting up, too many connections.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** node-postgres and pg-pool say these in words only. */
const UNAVAILABLE_MESSAGE =
  /timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error|Client was closed and is not queryable/i;

type ErrorLike = {
  code?: unknown;
  severity?: unknown;
  message?: unknown;
  cause?: unknown;
  driverError?: unknown;
  errors?: unknown;
};

function unavailable(error: unknown, depth: number): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const e = error as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';
  if (/^08[0-9A-Z]{3}$/.test(code) || UNAVAILABLE_SQLSTATES.has(code)) return true;
  if (UNAVAILABLE_NODE_CODES.has(code)) return true;
  // A FATAL from the server ends the session (e.g. a database not accepting connections, 55000).
  if (e.severity === 'FATAL' || e.severity === 'PANIC') return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  // Wrapped: TypeORM's driverError, an Error's cause, a connection attempt per address.
  const inner = [e.cause, e.driverError, ...(Array.isArray(e.errors) ? e.errors : [])];
  return inner.some((i) => unavailable(i, depth + 1));
}
