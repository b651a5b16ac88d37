import type { DeclareIncident, OpenPotentialIncident } from '../incident.commands';
import { incidentErrors } from '../incident.errors';
import type { IncidentDeclared, IncidentEvent } from '../incident.events';
import type { IncidentState } from '../incident.state';
import { validPlanInForce } from '../shared/plan-terms';
import {
  incidentValidators,
  isoTime,
  optionalText,
  requiredId,
  requiredSeverity,
  requiredText,
  serviceList,
} from './command-validation';
import { notifyAndInvestigate } from './notify-and-investigate';

export const declareIncidentLimits = {
  titleMaxLength: 200,
  descriptionMaxLength: 10_000,
  maxServices: 50,
  serviceMaxLength: 100,
} as const;

/** With a plan: declared, notifications requested, first timebox started (see DeclareIncident). */
export function declareIncident(command: DeclareIncident, state: IncidentState): IncidentEvent[] {
  const data: IncidentDeclared['data'] = {
    ...validReport(command.data),
    declaredAt: isoTime('declaredAt', command.data.declaredAt),
  };
  const plan = optionalPlan(command.data.plan);
  // An incident id is declared once; re-declaring, even after resolution, is a client bug.
  if (state.status !== 'none') throw incidentErrors.alreadyDeclared(data.incidentId);
  if (plan === undefined) return [{ type: 'IncidentDeclared', data }];
  const { contacts: _notifiedNext, ...reference } = plan;
  return [
    { type: 'IncidentDeclared', data: { ...data, plan: reference } },
    ...notifyAndInvestigate(data.incidentId, plan, data.declaredAt, data.reportedBy),
  ];
}

function optionalPlan(plan: DeclareIncident['data']['plan'] | null) {
  return plan === undefined || plan === null
    ? undefined
    : validPlanInForce(incidentValidators, 'plan', plan);
}

type Report = Omit<OpenPotentialIncident['data'], 'openedAt' | 'plan'>;

/** What someone reports, whether they declare an incident or open a potential one. */
export function validReport(data: Report) {
  const limits = declareIncidentLimits;
  const description = optionalText('description', data.description, limits.descriptionMaxLength);
  return {
    incidentId: requiredId('incidentId', data.incidentId),
    title: requiredText('title', data.title, { min: 1, max: limits.titleMaxLength }),
    severity: requiredSeverity('severity', data.severity),
    ...(description === undefined ? {} : { description }),
    services: serviceList('services', data.services, {
      maxCount: limits.maxServices,
      maxLength: limits.serviceMaxLength,
    }),
    reportedBy: requiredId('reportedBy', data.reportedBy),
  };
}
