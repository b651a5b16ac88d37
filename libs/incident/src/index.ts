// The incident lib's public surface: only what other libs, apps and tests use (lint:deps keeps
// them from reaching past this file). Add a name here when another lib needs it.
export { ResponsePlanCatalogModule } from './application/response-plans/response-plan-catalog.module';
export { DEFAULT_RESPONSE_PLAN_ID } from './application/response-plans/response-plan-stream';
export { ResponsePlanCatalog } from './application/response-plans/response-plan.catalog';
export { incidentStreams } from './application/shared/incident.stream-kind';
export { type IncidentCommand } from './domain/incident.commands';
export { incidentDecider } from './domain/incident.decider';
export { IncidentDomainError, IncidentErrorCode, incidentErrors } from './domain/incident.errors';
export { responsePlanErrors } from './domain/response-plan/response-plan.errors';
export { defaultPlanTerms, type PlanInForce } from './domain/shared/plan-terms';
export { type IncidentState } from './domain/state/state.types';
export { incidentStreamId } from './incident-stream';
export { IncidentModule } from './incident.module';
export { incidentMigrations, incidentProjections, incidentReactors } from './incident.wiring';
export { IncidentTimersModule } from './reactors/incident-timers.module';
export { IncidentListProjection } from './read-models/incident-list/incident-list.projection';
export { openStatuses } from './read-models/incident-status';
export {
  TimelineContributions,
  type TimelineContribution,
} from './read-models/timeline/timeline-contributions';
export {
  allTimelineKinds,
  timelineEntryOf,
  type TimelineEntry,
} from './read-models/timeline/timeline.entry';
