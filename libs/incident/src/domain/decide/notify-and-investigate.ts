import type { InvestigationTimeboxStarted, NotificationsRequested } from '../incident.events';
import { addMinutes } from '../shared/validation';
import type { PlanInForce } from '../shared/plan-terms';

/**
 * Steps 1 and 2 of the standing process, the moment an incident is declared or confirmed: ask for
 * the plan's contacts to be notified (recorded even when the plan lists nobody, so the wash-up can
 * see the plan was empty) and start the first investigation timebox.
 */
export function notifyAndInvestigate(
  incidentId: string,
  plan: PlanInForce,
  at: string,
  by: string,
): [NotificationsRequested, InvestigationTimeboxStarted] {
  const minutes = plan.investigationMinutes;
  return [
    {
      type: 'NotificationsRequested',
      data: {
        incidentId,
        planId: plan.planId,
        planVersion: plan.version,
        contacts: plan.contacts.map(({ name, channel, address }) => ({ name, channel, address })),
        requestedAt: at,
      },
    },
    {
      type: 'InvestigationTimeboxStarted',
      data: {
        incidentId,
        round: 1,
        minutes,
        startedAt: at,
        endsAt: addMinutes(at, minutes),
        startedBy: by,
      },
    },
  ];
}
