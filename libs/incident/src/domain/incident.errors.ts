/**
 * Stable codes: clients, the exception filter and dashboards match on these strings, so a code is
 * never renamed once shipped. The domain knows nothing about HTTP status codes.
 */
export const IncidentErrorCode = {
  ALREADY_DECLARED: 'INCIDENT.ALREADY_DECLARED',
  NOT_FOUND: 'INCIDENT.NOT_FOUND',
  ALREADY_RESOLVED: 'INCIDENT.ALREADY_RESOLVED',
  INVALID_COMMAND: 'INCIDENT.INVALID_COMMAND',
} as const;

export type IncidentErrorCode = (typeof IncidentErrorCode)[keyof typeof IncidentErrorCode];

export type IncidentErrorDetails = Readonly<Record<string, unknown>>;

export class IncidentDomainError extends Error {
  constructor(
    readonly code: IncidentErrorCode,
    message: string,
    readonly details?: IncidentErrorDetails,
  ) {
    super(message);
    this.name = 'IncidentDomainError';
  }
}

export function isIncidentDomainError(error: unknown): error is IncidentDomainError {
  return error instanceof IncidentDomainError;
}

export const incidentErrors = {
  alreadyDeclared: (incidentId: string) =>
    new IncidentDomainError(
      IncidentErrorCode.ALREADY_DECLARED,
      `Incident ${incidentId} has already been declared`,
      { incidentId },
    ),
  notFound: (incidentId: string) =>
    new IncidentDomainError(IncidentErrorCode.NOT_FOUND, `Incident ${incidentId} does not exist`, {
      incidentId,
    }),
  alreadyResolved: (incidentId: string, resolvedAt: string) =>
    new IncidentDomainError(
      IncidentErrorCode.ALREADY_RESOLVED,
      `Incident ${incidentId} was resolved at ${resolvedAt}`,
      { incidentId, resolvedAt },
    ),
  /** `field` is the path of the offending command field, e.g. `title` or `services[3]`. */
  invalidCommand: (field: string, reason: string) =>
    new IncidentDomainError(IncidentErrorCode.INVALID_COMMAND, `${field} ${reason}`, {
      field,
      reason,
    }),
};
