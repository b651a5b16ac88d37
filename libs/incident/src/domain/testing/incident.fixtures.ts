import type { AcknowledgeIncident, DeclareIncident, ResolveIncident } from '../incident.commands';
import type { IncidentAcknowledged, IncidentDeclared, IncidentResolved } from '../incident.events';

/* Builders for the domain's unit tests: sensible defaults, override only what a test is about. */

export const incidentId = '6f1c2a52-3c1e-4f7e-9d1a-0c9b8e7d6a51';

const declaration = {
  incidentId,
  title: 'Checkout returns 502 for card payments',
  severity: 'SEV2',
  description: 'Error rate on /checkout above 20% since 09:00.',
  services: ['checkout', 'payments'],
  reportedBy: 'alice',
  declaredAt: '2024-05-01T09:00:00.000Z',
} as const satisfies IncidentDeclared['data'];

export function declareIncidentCommand(
  data: Partial<DeclareIncident['data']> = {},
): DeclareIncident {
  return { type: 'DeclareIncident', data: { ...declaration, ...data } };
}

export function incidentDeclared(data: Partial<IncidentDeclared['data']> = {}): IncidentDeclared {
  return {
    type: 'IncidentDeclared',
    data: { ...declaration, services: [...declaration.services], ...data },
  };
}

const acknowledgement = {
  incidentId,
  acknowledgedBy: 'bob',
  acknowledgedAt: '2024-05-01T09:04:00.000Z',
} as const satisfies IncidentAcknowledged['data'];

export function acknowledgeIncidentCommand(
  data: Partial<AcknowledgeIncident['data']> = {},
): AcknowledgeIncident {
  return { type: 'AcknowledgeIncident', data: { ...acknowledgement, ...data } };
}

export function incidentAcknowledged(
  data: Partial<IncidentAcknowledged['data']> = {},
): IncidentAcknowledged {
  return { type: 'IncidentAcknowledged', data: { ...acknowledgement, ...data } };
}

const resolution = {
  incidentId,
  resolutionSummary: 'Rolled back payments-gateway 4.2.0; error rate back to baseline.',
  resolvedBy: 'bob',
  resolvedAt: '2024-05-01T09:47:00.000Z',
} as const satisfies IncidentResolved['data'];

export function resolveIncidentCommand(
  data: Partial<ResolveIncident['data']> = {},
): ResolveIncident {
  return { type: 'ResolveIncident', data: { ...resolution, ...data } };
}

export function incidentResolved(data: Partial<IncidentResolved['data']> = {}): IncidentResolved {
  return { type: 'IncidentResolved', data: { ...resolution, ...data } };
}
