import type { ResolveIncident } from '../incident.commands';
import { incidentErrors } from '../incident.errors';
import type { IncidentResolved } from '../incident.events';
import type { IncidentState } from '../incident.state';
import { isoTime, requiredId, requiredText } from './command-validation';
import { requireExisting } from './state-guards';

export const resolveIncidentLimits = { resolutionSummaryMaxLength: 5_000 } as const;

/**
 * An unacknowledged incident may be resolved (it fixed itself, or someone fixed it without
 * acknowledging the page); the state keeps `acknowledged: null`, so the wash-up can see it.
 */
export function resolveIncident(
  command: ResolveIncident,
  state: IncidentState,
): IncidentResolved[] {
  const data: IncidentResolved['data'] = {
    incidentId: requiredId('incidentId', command.data.incidentId),
    resolutionSummary: requiredText('resolutionSummary', command.data.resolutionSummary, {
      min: 1,
      max: resolveIncidentLimits.resolutionSummaryMaxLength,
    }),
    resolvedBy: requiredId('resolvedBy', command.data.resolvedBy),
    resolvedAt: isoTime('resolvedAt', command.data.resolvedAt),
  };
  const incident = requireExisting(state, data.incidentId);
  if (incident.status === 'resolved') {
    throw incidentErrors.alreadyResolved(incident.incidentId, incident.resolution.at);
  }
  return [{ type: 'IncidentResolved', data }];
}
