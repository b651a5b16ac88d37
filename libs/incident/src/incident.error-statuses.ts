/** How the incident library's error codes read over HTTP. */
export const incidentErrorStatuses: Record<string, number> = {
  'INCIDENT.NOT_FOUND': 404,
  'INCIDENT.ALREADY_DECLARED': 409,
  'INCIDENT.ALREADY_RESOLVED': 409,
  'INCIDENT.INVALID_COMMAND': 400,
  'INCIDENT.VERSION_MISMATCH': 412,
  'EVENT_STORE.WRONG_EXPECTED_VERSION': 409,
};
