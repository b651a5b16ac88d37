import type { Migrations } from '@sitrep/platform';
import { installReadModels } from '@sitrep/messaging';
import { IncidentBoardProjection } from './read-models/incident-board/incident-board.projection';
import { IncidentDetailProjection } from './read-models/incident-detail/incident-detail.projection';
import { IncidentListProjection } from './read-models/incident-list/incident-list.projection';
import { TimelineProjection } from './read-models/timeline/timeline.projection';
import { ScheduleIncidentTimersReactor } from './reactors/schedule-incident-timers.reactor';

export const incidentMigrations: Migrations = [
  installReadModels('IncidentListReadModel1764202000000', new IncidentListProjection()),
  installReadModels('IncidentDetailReadModel1764202000100', new IncidentDetailProjection()),
  installReadModels('IncidentTimelineReadModel1764202000200', new TimelineProjection()),
  installReadModels('IncidentBoardReadModel1764202000300', new IncidentBoardProjection()),
  installReadModels('IncidentTimerSchedule1764202000400', new ScheduleIncidentTimersReactor()),
];

/** The incident read models: what the CLI rebuilds and verifies. */
export const incidentProjections = [
  IncidentListProjection,
  IncidentDetailProjection,
  TimelineProjection,
  IncidentBoardProjection,
];

/**
 * Projections with effects beyond their own tables (they write the `timers` table), run beside
 * the read models by the process that keeps them, but left out of the CLI's verify, whose replay
 * would act on the live timers.
 */
export const incidentReactors = [ScheduleIncidentTimersReactor];
