import {
  IncidentDomainError,
  IncidentErrorCode,
  incidentErrors,
  isIncidentDomainError,
} from './incident.errors';

describe('incident errors', () => {
  it('the codes clients match on never change', () => {
    expect(IncidentErrorCode).toEqual({
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
    });
  });

  it('a domain error is an Error with a code, a message and details', () => {
    const error = incidentErrors.invalidCommand('title', 'must not be empty');
    expect(error).toBeInstanceOf(Error);
    expect(isIncidentDomainError(error)).toBe(true);
    expect(error).toMatchObject({
      name: 'IncidentDomainError',
      code: IncidentErrorCode.INVALID_COMMAND,
      message: 'title must not be empty',
      details: { field: 'title', reason: 'must not be empty' },
    });
  });

  it('other errors are not domain errors', () => {
    expect(isIncidentDomainError(new Error('boom'))).toBe(false);
    expect(new IncidentDomainError(IncidentErrorCode.NOT_FOUND, 'gone').details).toBeUndefined();
  });
});
