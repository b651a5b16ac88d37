import type { DeclareIncident } from '../incident.commands';
import { incidentErrors } from '../incident.errors';
import type { IncidentDeclared } from '../incident.events';
import type { IncidentState } from '../incident.state';
import {
  isoTime,
  optionalText,
  requiredId,
  requiredSeverity,
  requiredText,
  serviceList,
} from './command-validation';

export const declareIncidentLimits = {
  titleMaxLength: 200,
  descriptionMaxLength: 10_000,
  maxServices: 50,
  serviceMaxLength: 100,
} as const;

export function declareIncident(
  command: DeclareIncident,
  state: IncidentState,
): IncidentDeclared[] {
  const data = validDeclaration(command.data);
  // An incident id is declared once; re-declaring, even after resolution, is a client bug.
  if (state.status !== 'none') throw incidentErrors.alreadyDeclared(data.incidentId);
  return [{ type: 'IncidentDeclared', data }];
}

function validDeclaration(data: DeclareIncident['data']): IncidentDeclared['data'] {
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
    declaredAt: isoTime('declaredAt', data.declaredAt),
  };
}
