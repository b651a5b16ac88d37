export class IncidentNotFoundError extends Error {
  readonly code = 'INCIDENT.NOT_FOUND';
  constructor(readonly incidentId: string) {
    super(`Incident ${incidentId} does not exist`);
  }
}
