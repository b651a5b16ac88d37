/** The caller's If-Match named a version the response plan is no longer at. */
export class ResponsePlanVersionMismatchError extends Error {
  readonly code = 'RESPONSE_PLAN.VERSION_MISMATCH';
  constructor(
    readonly planId: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`Response plan ${planId} is at version ${actual}, not ${expected}`);
  }
}

/** Incidents declared without a plan (and from alerts) run under the default: it must stay. */
export class DefaultResponsePlanRequiredError extends Error {
  readonly code = 'RESPONSE_PLAN.DEFAULT_REQUIRED';
  readonly details: Readonly<Record<string, unknown>>;
  constructor(readonly planId: string) {
    super(`Response plan ${planId} is the default plan: revise it, it cannot be retired`);
    this.details = { planId };
  }
}
