import type { PlanReference } from '../shared/plan-terms';
import { defaultPlanTerms } from '../shared/plan-terms';
import type { IncidentPlan, IncidentResponse } from './state.types';

/** Events written before plans existed carry none: those incidents run under the defaults. */
export function incidentPlanOf(plan: PlanReference | undefined): IncidentPlan {
  if (plan === undefined) return { planId: null, version: null, ...defaultPlanTerms };
  const { planId, version, investigationMinutes, huddleMinutes } = plan;
  const { internalUpdateMinutes, customerUpdateMinutes } = plan;
  return {
    planId,
    version,
    investigationMinutes,
    huddleMinutes,
    internalUpdateMinutes,
    customerUpdateMinutes,
  };
}

export function freshResponse(plan: PlanReference | undefined): IncidentResponse {
  return {
    plan: incidentPlanOf(plan),
    roles: { commander: null, 'communications-lead': null, scribe: null, investigators: [] },
    notifications: { requested: [], acknowledged: {} },
    huddles: { phase: 'idle', round: 0 },
    decisions: {},
    actions: {},
    recorded: {},
  };
}
