import type { StreamKind } from '@sitrep/messaging';
import {
  responsePlanDecider,
  type ResponsePlanCommand,
  type ResponsePlanEvent,
  type ResponsePlanState,
} from '../../domain';
import { ResponsePlanVersionMismatchError } from './response-plan.app-errors';
import { responsePlanStreamId } from './response-plan-stream';

/** Response plans, as the CommandRunner runs them on `response-plan-<uuid>`. */
export const responsePlanStreams: StreamKind<
  ResponsePlanCommand,
  ResponsePlanEvent,
  ResponsePlanState
> = {
  decider: responsePlanDecider,
  streamId: responsePlanStreamId,
  versionMismatch: (planId, expected, actual) =>
    new ResponsePlanVersionMismatchError(planId, expected, actual),
};
