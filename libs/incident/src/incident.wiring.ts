import type { Migrations } from '@sitrep/platform';
import { IncidentDetailProjection } from './read-models/incident-detail/incident-detail.projection';
import { IncidentDetailTable1764202000100 } from './read-models/incident-detail/incident-detail.table';
import { IncidentListProjection } from './read-models/incident-list/incident-list.projection';
import { IncidentListTable1764202000000 } from './read-models/incident-list/incident-list.table';
import { TimelineProjection } from './read-models/timeline/timeline.projection';
import { IncidentTimelineTable1764202000200 } from './read-models/timeline/timeline.table';

export const incidentMigrations: Migrations = [
  IncidentListTable1764202000000,
  IncidentDetailTable1764202000100,
  IncidentTimelineTable1764202000200,
];

export const incidentProjections = [
  IncidentListProjection,
  IncidentDetailProjection,
  TimelineProjection,
];

/** How the incident library's error codes read over HTTP. */
export const incidentErrorStatuses: Record<string, number> = {
  'INCIDENT.NOT_FOUND': 404,
  'INCIDENT.ALREADY_DECLARED': 409,
  'INCIDENT.ALREADY_RESOLVED': 409,
  'INCIDENT.INVALID_COMMAND': 400,
  'INCIDENT.VERSION_MISMATCH': 412,
  'EVENT_STORE.WRONG_EXPECTED_VERSION': 409,
};
