import type { Migrations } from '@sitrep/platform';
import { installReadModels } from '@sitrep/messaging';
import { IncidentDetailProjection } from './read-models/incident-detail/incident-detail.projection';
import { IncidentListProjection } from './read-models/incident-list/incident-list.projection';
import { TimelineProjection } from './read-models/timeline/timeline.projection';

export const incidentMigrations: Migrations = [
  installReadModels('IncidentListReadModel1764202000000', new IncidentListProjection()),
  installReadModels('IncidentDetailReadModel1764202000100', new IncidentDetailProjection()),
  installReadModels('IncidentTimelineReadModel1764202000200', new TimelineProjection()),
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
