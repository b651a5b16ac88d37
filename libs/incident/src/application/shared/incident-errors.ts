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
