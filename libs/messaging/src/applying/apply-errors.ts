/**
 * Errors that say nothing about the event being applied: the database is away, the transaction
 * lost a race, the schema is not what the code expects. Parking on them would park every event
 * of an outage, so they go back to the transport, which backs off and tries the batch again.
 */
const SYSTEMIC_SQLSTATE_CLASSES = ['08', '25', '3D', '3F', '40', '42', '53', '55', '57', '58'];
const SYSTEMIC_NODE_CODES = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND'];

export function isSystemicError(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (!e) return false;
  if (error instanceof BookkeepingError) return true;
  const code = typeof e.code === 'string' ? e.code : '';
  if (/^[0-9A-Z]{5}$/.test(code)) return SYSTEMIC_SQLSTATE_CLASSES.includes(code.slice(0, 2));
  if (SYSTEMIC_NODE_CODES.includes(code)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  return /Connection terminated|timeout exceeded when trying to connect/i.test(message);
}

/** A failure of the transport's bookkeeping (checkpoint or offsets), never the event's fault. */
export class BookkeepingError extends Error {
  constructor(readonly original: unknown) {
    super((original as Error)?.message ?? String(original));
  }
}

export class ParkedEventNotFoundError extends Error {
  readonly code = 'PARKED_EVENT.NOT_FOUND';
  constructor(projection: string, eventId: string) {
    super(`No event ${eventId} is parked for projection ${projection}`);
  }
}

export class ParkedEventBlockedError extends Error {
  readonly code = 'PARKED_EVENT.BLOCKED';
  constructor(
    eventId: string,
    readonly blockedBy: string,
  ) {
    super(`Event ${eventId} waits behind the earlier parked event ${blockedBy}: retry that first`);
  }
}

export class ParkedEventUnreadableError extends Error {
  readonly code = 'PARKED_EVENT.UNREADABLE';
  constructor(eventId: string) {
    super(`Parked message ${eventId} is not a readable event and cannot be applied`);
  }
}

export const errorText = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);
