/**
 * Stable codes: clients, the exception filter and dashboards match on these strings, so a code is
 * never renamed once shipped. The domain knows nothing about HTTP status codes.
 */
export const IncidentErrorCode = {
  ALREADY_DECLARED: 'INCIDENT.ALREADY_DECLARED',
  NOT_FOUND: 'INCIDENT.NOT_FOUND',
  ALREADY_RESOLVED: 'INCIDENT.ALREADY_RESOLVED',
  INVALID_COMMAND: 'INCIDENT.INVALID_COMMAND',
  IN_TRIAGE: 'INCIDENT.IN_TRIAGE',
  NOT_IN_TRIAGE: 'INCIDENT.NOT_IN_TRIAGE',
  NOT_RESOLVED: 'INCIDENT.NOT_RESOLVED',
  CLOSED: 'INCIDENT.CLOSED',
  DISMISSED: 'INCIDENT.DISMISSED',
  UNKNOWN_CONTACT: 'INCIDENT.UNKNOWN_CONTACT',
  TIMER_EARLY: 'INCIDENT.TIMER_EARLY',
  TIMEBOX_RUNNING: 'INCIDENT.TIMEBOX_RUNNING',
  HUDDLE_PENDING: 'INCIDENT.HUDDLE_PENDING',
  DECISION_NOT_FOUND: 'INCIDENT.DECISION_NOT_FOUND',
  DECISION_SUPERSEDED: 'INCIDENT.DECISION_SUPERSEDED',
  ACTION_NOT_FOUND: 'INCIDENT.ACTION_NOT_FOUND',
  ACTION_COMPLETED: 'INCIDENT.ACTION_COMPLETED',
  ACTION_CANCELLED: 'INCIDENT.ACTION_CANCELLED',
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
  /** The command needs a declared incident; this one is still a potential incident. */
  inTriage: (incidentId: string) =>
    error('IN_TRIAGE', `Incident ${incidentId} is still in triage: confirm it first`, {
      incidentId,
    }),
  notInTriage: (incidentId: string, status: string) =>
    error('NOT_IN_TRIAGE', `Incident ${incidentId} is not a potential incident in triage`, {
      incidentId,
      status,
    }),
  notResolved: (incidentId: string, status: string) =>
    error('NOT_RESOLVED', `Incident ${incidentId} is not resolved (it is ${status})`, {
      incidentId,
      status,
    }),
  closed: (incidentId: string, closedAt: string) =>
    error('CLOSED', `Incident ${incidentId} was closed at ${closedAt}`, { incidentId, closedAt }),
  dismissed: (incidentId: string, dismissedAt: string) =>
    error('DISMISSED', `Incident ${incidentId} was dismissed at ${dismissedAt}`, {
      incidentId,
      dismissedAt,
    }),
  unknownContact: (incidentId: string, contact: string) =>
    error('UNKNOWN_CONTACT', `Nobody named ${contact} was notified about incident ${incidentId}`, {
      incidentId,
      contact,
    }),
  /** A timer fired before its time: a clock or scheduling bug, not something to record. */
  timerEarly: (incidentId: string, round: number, notBefore: string) =>
    error(
      'TIMER_EARLY',
      `Timebox ${round} of incident ${incidentId} is not over before ${notBefore}`,
      {
        incidentId,
        round,
        notBefore,
      },
    ),
  timeboxRunning: (incidentId: string, round: number, endsAt: string) =>
    error('TIMEBOX_RUNNING', `Timebox ${round} of incident ${incidentId} runs until ${endsAt}`, {
      incidentId,
      round,
      endsAt,
    }),
  huddlePending: (incidentId: string, round: number) =>
    error(
      'HUDDLE_PENDING',
      `Hold the huddle due after timebox ${round} of incident ${incidentId} first`,
      {
        incidentId,
        round,
      },
    ),
  decisionNotFound: (incidentId: string, decisionId: string) =>
    error('DECISION_NOT_FOUND', `Incident ${incidentId} has no decision ${decisionId}`, {
      incidentId,
      decisionId,
    }),
  decisionSuperseded: (incidentId: string, decisionId: string, supersededBy: string) =>
    error(
      'DECISION_SUPERSEDED',
      `Decision ${decisionId} was already superseded by ${supersededBy}`,
      {
        incidentId,
        decisionId,
        supersededBy,
      },
    ),
  actionNotFound: (incidentId: string, actionId: string) =>
    error('ACTION_NOT_FOUND', `Incident ${incidentId} has no action ${actionId}`, {
      incidentId,
      actionId,
    }),
  actionCompleted: (incidentId: string, actionId: string) =>
    error('ACTION_COMPLETED', `Action ${actionId} is already completed`, { incidentId, actionId }),
  actionCancelled: (incidentId: string, actionId: string) =>
    error('ACTION_CANCELLED', `Action ${actionId} was cancelled`, { incidentId, actionId }),
};

function error(
  code: keyof typeof IncidentErrorCode,
  message: string,
  details: IncidentErrorDetails,
): IncidentDomainError {
  return new IncidentDomainError(IncidentErrorCode[code], message, details);
}
