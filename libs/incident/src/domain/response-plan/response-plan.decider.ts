import type { ResponsePlanCommand } from './response-plan.commands';
import { decideResponsePlan } from './response-plan.decide';
import type { ResponsePlanEvent } from './response-plan.events';
import {
  evolveResponsePlan,
  initialResponsePlanState,
  type ResponsePlanState,
} from './response-plan.state';

export type ResponsePlanDecider = {
  readonly decide: (command: ResponsePlanCommand, state: ResponsePlanState) => ResponsePlanEvent[];
  readonly evolve: (state: ResponsePlanState, event: ResponsePlanEvent) => ResponsePlanState;
  readonly initialState: () => ResponsePlanState;
};

export const responsePlanDecider: ResponsePlanDecider = {
  decide: decideResponsePlan,
  evolve: evolveResponsePlan,
  initialState: initialResponsePlanState,
};
