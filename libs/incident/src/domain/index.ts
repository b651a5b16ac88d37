export * from './severity';
export * from './incident.commands';
export * from './incident.events';
export * from './incident.errors';
export {
  evolve,
  foldIncident,
  initialState,
  type Acknowledgement,
  type DeclaredIncident,
  type IncidentState,
  type IncidentStatus,
  type InvestigatingIncident,
  type NoIncident,
  type Resolution,
  type ResolvedIncident,
} from './incident.state';
export { decide } from './decide/decide';
export { declareIncident, declareIncidentLimits } from './decide/declare-incident';
export { acknowledgeIncident } from './decide/acknowledge-incident';
export { resolveIncident, resolveIncidentLimits } from './decide/resolve-incident';
export { incidentDecider, type IncidentDecider } from './incident.decider';
