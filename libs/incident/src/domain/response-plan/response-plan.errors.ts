/** Stable codes, as for incidents: never renamed once shipped; no HTTP knowledge. */
export const ResponsePlanErrorCode = {
  ALREADY_EXISTS: 'RESPONSE_PLAN.ALREADY_EXISTS',
  NOT_FOUND: 'RESPONSE_PLAN.NOT_FOUND',
  RETIRED: 'RESPONSE_PLAN.RETIRED',
  INVALID_COMMAND: 'RESPONSE_PLAN.INVALID_COMMAND',
} as const;

export type ResponsePlanErrorCode =
  (typeof ResponsePlanErrorCode)[keyof typeof ResponsePlanErrorCode];

export class ResponsePlanDomainError extends Error {
  constructor(
    readonly code: ResponsePlanErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'ResponsePlanDomainError';
  }
}

export const responsePlanErrors = {
  alreadyExists: (planId: string) =>
    new ResponsePlanDomainError(
      ResponsePlanErrorCode.ALREADY_EXISTS,
      `Response plan ${planId} already exists`,
      { planId },
    ),
  notFound: (planId: string) =>
    new ResponsePlanDomainError(
      ResponsePlanErrorCode.NOT_FOUND,
      `Response plan ${planId} does not exist`,
      { planId },
    ),
  retired: (planId: string, retiredAt: string) =>
    new ResponsePlanDomainError(
      ResponsePlanErrorCode.RETIRED,
      `Response plan ${planId} was retired at ${retiredAt}`,
      { planId, retiredAt },
    ),
  invalidCommand: (field: string, reason: string) =>
    new ResponsePlanDomainError(ResponsePlanErrorCode.INVALID_COMMAND, `${field} ${reason}`, {
      field,
      reason,
    }),
};
