import type { Contact, PlanTerms } from '../shared/plan-terms';

/* Stored in `response-plan-<planId>` streams. Never rename an event type. */

type PlanContent = PlanTerms & {
  readonly planId: string;
  /** 1 when created; each revision adds one. Incidents record the version they ran under. */
  readonly version: number;
  readonly name: string;
  readonly contacts: Contact[];
};

export type ResponsePlanCreated = {
  readonly type: 'ResponsePlanCreated';
  readonly data: PlanContent & { readonly createdBy: string; readonly createdAt: string };
};

/** A new version, complete: readers never merge revisions. */
export type ResponsePlanRevised = {
  readonly type: 'ResponsePlanRevised';
  readonly data: PlanContent & {
    /** Why it changed, e.g. the wash-up that proposed it. */
    readonly reason?: string;
    readonly revisedBy: string;
    readonly revisedAt: string;
  };
};

export type ResponsePlanRetired = {
  readonly type: 'ResponsePlanRetired';
  readonly data: {
    readonly planId: string;
    /** The last version. */
    readonly version: number;
    readonly reason?: string;
    readonly retiredBy: string;
    readonly retiredAt: string;
  };
};

export type ResponsePlanEvent = ResponsePlanCreated | ResponsePlanRevised | ResponsePlanRetired;

export type ResponsePlanEventType = ResponsePlanEvent['type'];

const listedEventTypes: Record<ResponsePlanEventType, true> = {
  ResponsePlanCreated: true,
  ResponsePlanRevised: true,
  ResponsePlanRetired: true,
};

export const responsePlanEventTypes = Object.freeze(
  Object.keys(listedEventTypes) as ResponsePlanEventType[],
) as readonly ResponsePlanEventType[];

export function isResponsePlanEventType(type: string): type is ResponsePlanEventType {
  return (responsePlanEventTypes as readonly string[]).includes(type);
}
