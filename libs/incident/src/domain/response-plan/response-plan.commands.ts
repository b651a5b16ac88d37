import type { Contact, PlanTerms } from '../shared/plan-terms';

type PlanFields = PlanTerms & {
  readonly planId: string;
  /** 1..200 characters after trimming. */
  readonly name: string;
  /** 0..100 contacts. */
  readonly contacts: readonly Contact[];
};

export type CreateResponsePlan = {
  readonly type: 'CreateResponsePlan';
  readonly data: PlanFields & { readonly createdBy: string; readonly createdAt: string };
};

/** The whole new version, not a patch. Identical to the current version → nothing changes. */
export type ReviseResponsePlan = {
  readonly type: 'ReviseResponsePlan';
  readonly data: PlanFields & {
    readonly reason?: string;
    readonly revisedBy: string;
    readonly revisedAt: string;
  };
};

export type RetireResponsePlan = {
  readonly type: 'RetireResponsePlan';
  readonly data: {
    readonly planId: string;
    readonly reason?: string;
    readonly retiredBy: string;
    readonly retiredAt: string;
  };
};

export type ResponsePlanCommand = CreateResponsePlan | ReviseResponsePlan | RetireResponsePlan;
