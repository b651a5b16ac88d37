/** The caller's If-Match named a version the incident is no longer at. */
export class IncidentVersionMismatchError extends Error {
  readonly code = 'INCIDENT.VERSION_MISMATCH';
  constructor(
    readonly incidentId: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`Incident ${incidentId} is at version ${actual}, not ${expected}`);
  }
}

/** A correction names an event that is not in this incident's stream. */
export class IncidentEventNotFoundError extends Error {
  readonly code = 'INCIDENT.EVENT_NOT_FOUND';
  readonly details: Readonly<Record<string, unknown>>;
  constructor(
    readonly incidentId: string,
    readonly eventId: string,
  ) {
    super(`Incident ${incidentId} has no event ${eventId}`);
    this.details = { incidentId, eventId };
  }
}

/**
 * The domain cannot see event ids (the store gives them), so the event a correction names is
 * checked against the stored ones. An empty stream is the domain's to refuse (INCIDENT.NOT_FOUND).
 */
export function requireRecordedEvent(
  incidentId: string,
  eventId: string | undefined,
  recorded: readonly { eventId: string }[],
): void {
  if (eventId === undefined || recorded.length === 0) return;
  if (!recorded.some((e) => e.eventId === eventId)) {
    throw new IncidentEventNotFoundError(incidentId, eventId);
  }
}
