import type { ChangeSeverity } from '../incident.commands';
import type { SeverityChanged } from '../incident.events';
import type { IncidentState } from '../incident.state';
import {
  isoTime,
  requiredId,
  requiredSeverity,
  requiredText,
  textLimits,
} from './command-validation';
import { OPEN, requireExisting, requireStatus } from './state-guards';

/** Any time while the incident is open, potential or declared. */
export function changeSeverity(command: ChangeSeverity, state: IncidentState): SeverityChanged[] {
  const incidentId = requiredId('incidentId', command.data.incidentId);
  const to = requiredSeverity('severity', command.data.severity);
  const reason = requiredText('reason', command.data.reason, textLimits.reason);
  const changedBy = requiredId('changedBy', command.data.changedBy);
  const changedAt = isoTime('changedAt', command.data.changedAt);
  const incident = requireStatus(requireExisting(state, incidentId), OPEN);
  if (incident.severity === to) return [];
  return [
    {
      type: 'SeverityChanged',
      data: { incidentId, from: incident.severity, to, reason, changedBy, changedAt },
    },
  ];
}
