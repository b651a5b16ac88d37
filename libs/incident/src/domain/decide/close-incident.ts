import type { CloseIncident } from '../incident.commands';
import type { IncidentClosed } from '../incident.events';
import type { IncidentState } from '../incident.state';
import { isoTime, optionalText, requiredId } from './command-validation';
import { requireExisting, requireStatus } from './state-guards';

export const closeIncidentLimits = {
  washUpReferenceMaxLength: 2_000,
  washUpSummaryMaxLength: 10_000,
} as const;

/** After the wash-up. Closed is final: only corrections and late acknowledgements follow. */
export function closeIncident(command: CloseIncident, state: IncidentState): IncidentClosed[] {
  const limits = closeIncidentLimits;
  const { washUpReference, washUpSummary } = command.data;
  const reference = optionalText(
    'washUpReference',
    washUpReference,
    limits.washUpReferenceMaxLength,
  );
  const summary = optionalText('washUpSummary', washUpSummary, limits.washUpSummaryMaxLength);
  const data: IncidentClosed['data'] = {
    incidentId: requiredId('incidentId', command.data.incidentId),
    closedBy: requiredId('closedBy', command.data.closedBy),
    closedAt: isoTime('closedAt', command.data.closedAt),
    ...(reference === undefined ? {} : { washUpReference: reference }),
    ...(summary === undefined ? {} : { washUpSummary: summary }),
  };
  const incident = requireExisting(state, data.incidentId);
  if (incident.status === 'closed') return [];
  requireStatus(incident, ['resolved']);
  return [{ type: 'IncidentClosed', data }];
}
