import type { Contact, PlanInForce, PlanTerms } from '../shared/plan-terms';
import type { ResponsePlanEvent } from './response-plan.events';

export type ResponsePlanVersion = PlanTerms & {
  readonly planId: string;
  readonly version: number;
  readonly name: string;
  readonly contacts: readonly Contact[];
};

export type ResponsePlanState =
  | { readonly status: 'none' }
  | (ResponsePlanVersion & { readonly status: 'active' })
  | (ResponsePlanVersion & { readonly status: 'retired'; readonly retiredAt: string });

export const initialResponsePlanState = (): ResponsePlanState => ({ status: 'none' });

/* Stored facts: never throws; an event that does not apply leaves the state as it is. */
export function evolveResponsePlan(
  state: ResponsePlanState,
  event: ResponsePlanEvent,
): ResponsePlanState {
  switch (event.type) {
    case 'ResponsePlanCreated':
      return state.status === 'none' ? { status: 'active', ...versionOf(event.data) } : state;
    case 'ResponsePlanRevised':
      return state.status === 'active' ? { status: 'active', ...versionOf(event.data) } : state;
    case 'ResponsePlanRetired':
      return state.status === 'active'
        ? { ...state, status: 'retired', retiredAt: event.data.retiredAt }
        : state;
    default:
      return ignore(state, event);
  }
}

function versionOf(data: ResponsePlanVersion): ResponsePlanVersion {
  const { planId, version, name, contacts } = data;
  const { investigationMinutes, huddleMinutes, internalUpdateMinutes, customerUpdateMinutes } =
    data;
  return {
    planId,
    version,
    name,
    contacts,
    investigationMinutes,
    huddleMinutes,
    internalUpdateMinutes,
    customerUpdateMinutes,
  };
}

function ignore(state: ResponsePlanState, _event: never): ResponsePlanState {
  return state;
}

export function foldResponsePlan(events: readonly ResponsePlanEvent[]): ResponsePlanState {
  return events.reduce(evolveResponsePlan, initialResponsePlanState());
}

/**
 * What an incident command handler passes into DeclareIncident / ConfirmIncident (and, without
 * contacts, OpenPotentialIncident); null when there is no active plan to run under.
 */
export function planInForce(state: ResponsePlanState): PlanInForce | null {
  if (state.status !== 'active') return null;
  const { status: _active, name: _name, ...plan } = state;
  return plan;
}
