import type { ResolveIncident } from '../incident.commands';
import type { IncidentResolved } from '../incident.events';
import type { IncidentState } from '../incident.state';
import { isoTime, requiredId, requiredText } from './command-validation';
import { ACTIVE, requireExisting, requireStatus } from './state-guards';

export const resolveIncidentLimits = { resolutionSummaryMaxLength: 5_000 } as const;

/**
 * An unacknowledged incident may be resolved (it fixed itself, or someone fixed it without
 * acknowledging the page); the state keeps `acknowledged: null`, so the wash-up can see it.
 * It need not be mitigated first. Resolving twice is refused: the second resolver should know.
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
  requireStatus(requireExisting(state, data.incidentId), ACTIVE);
  return [{ type: 'IncidentResolved', data }];
}
