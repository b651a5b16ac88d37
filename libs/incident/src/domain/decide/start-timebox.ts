import type { StartTimebox } from '../incident.commands';
import { incidentErrors } from '../incident.errors';
import type { InvestigationTimeboxStarted } from '../incident.events';
import type { IncidentState } from '../incident.state';
import { planTermsLimits } from '../shared/plan-terms';
import { addMinutes } from '../shared/validation';
import { isoTime, requiredId, wholeNumber } from './command-validation';
import { ACTIVE, requireExisting, requireStatus } from './state-guards';

/**
 * Investigate again, after a huddle (or for the first time, when the incident was declared without
 * a plan or was reopened). A due huddle comes first: the process is investigate, then huddle.
 */
export function startTimebox(
  command: StartTimebox,
  state: IncidentState,
): InvestigationTimeboxStarted[] {
  const { data } = command;
  const incidentId = requiredId('incidentId', data.incidentId);
  const startedBy = requiredId('startedBy', data.startedBy);
  const startedAt = isoTime('startedAt', data.startedAt);
  const incident = requireStatus(requireExisting(state, incidentId), ACTIVE);
  const minutes =
    data.minutes === undefined || data.minutes === null
      ? incident.plan.investigationMinutes
      : wholeNumber('minutes', data.minutes, { min: 1, max: planTermsLimits.maxMinutes });
  const { huddles } = incident;
  if (huddles.phase === 'investigating') {
    if (huddles.startedAt === startedAt) return [];
    throw incidentErrors.timeboxRunning(incidentId, huddles.round, huddles.endsAt);
  }
  if (huddles.phase === 'due' || huddles.phase === 'overdue') {
    throw incidentErrors.huddlePending(incidentId, huddles.round);
  }
  const endsAt = addMinutes(startedAt, minutes);
  const round = huddles.round + 1;
  return [
    {
      type: 'InvestigationTimeboxStarted',
      data: { incidentId, round, minutes, startedAt, endsAt, startedBy },
    },
  ];
}
