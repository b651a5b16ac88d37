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
