import { isIncidentEventType } from './domain';

/** Incidents live in streams named `incident-<uuid>`; the API speaks the bare uuid. */
export const INCIDENT_STREAM_PREFIX = 'incident-';

export function incidentStreamId(incidentId: string): string {
  return `${INCIDENT_STREAM_PREFIX}${incidentId}`;
}

export function incidentIdOf(streamId: string): string {
  return streamId.slice(INCIDENT_STREAM_PREFIX.length);
}

/** An incident event in an incident stream: what the incident read models read. */
export function isIncidentStreamEvent(event: { streamId: string; type: string }): boolean {
  return event.streamId.startsWith(INCIDENT_STREAM_PREFIX) && isIncidentEventType(event.type);
}
