import { defaultPlanTerms, type PlanTerms } from '../../domain';

/** Response plans live in streams named `response-plan-<uuid>`; the API speaks the bare uuid. */
export const RESPONSE_PLAN_STREAM_PREFIX = 'response-plan-';

export function responsePlanStreamId(planId: string): string {
  return `${RESPONSE_PLAN_STREAM_PREFIX}${planId}`;
}

export function responsePlanIdOf(streamId: string): string {
  return streamId.slice(RESPONSE_PLAN_STREAM_PREFIX.length);
}

/**
 * The plan incidents run under when nobody names one: well known, so every process creates the
 * same stream and a concurrent start-up finds it already there.
 */
export const DEFAULT_RESPONSE_PLAN_ID = '00000000-0000-4000-8000-00000000d0f1';

export const defaultResponsePlan: { readonly name: string } & PlanTerms = Object.freeze({
  name: 'Default',
  ...defaultPlanTerms,
});
