/** Incidents live in streams named `incident-<uuid>`; the API speaks the bare uuid. */
export const INCIDENT_STREAM_PREFIX = 'incident-';

export function incidentStreamId(incidentId: string): string {
  return `${INCIDENT_STREAM_PREFIX}${incidentId}`;
}

export function incidentIdOf(streamId: string): string {
  return streamId.slice(INCIDENT_STREAM_PREFIX.length);
}
