import type { Decider } from '@sitrep/domain';
import type { ResponsePlanCommand } from './response-plan.commands';
import { decideResponsePlan } from './response-plan.decide';
import type { ResponsePlanEvent } from './response-plan.events';
import {
  evolveResponsePlan,
  initialResponsePlanState,
  type ResponsePlanState,
} from './response-plan.state';

export const responsePlanDecider = {
  decide: decideResponsePlan,
  evolve: evolveResponsePlan,
  initialState: initialResponsePlanState,
} satisfies Decider<ResponsePlanCommand, ResponsePlanEvent, ResponsePlanState>;
