import { command, event } from './fixture-builders';
import { incidentId } from './incident.fixtures';
import type { PlanInForce } from '../shared/plan-terms';

/* Builders for the standing-process unit tests: defaults tell one story, tests override one thing. */

export const contacts = [
  { name: 'On-call SRE', channel: 'sms', address: '+441234567890' },
  { name: 'Head of Support', channel: 'email', address: 'support-lead@example.com' },
];

export const planInForce: PlanInForce = {
  planId: 'standard',
  version: 3,
  investigationMinutes: 20,
  huddleMinutes: 10,
  internalUpdateMinutes: 30,
  customerUpdateMinutes: 45,
  contacts,
};

const { contacts: _contacts, ...planReference } = planInForce;
export { planReference };

const report = {
  incidentId,
  title: 'Checkout latency above 2s',
  severity: 'SEV3',
  services: ['checkout'],
  reportedBy: 'alertmanager',
} as const;

export const openPotentialIncidentCommand = command('OpenPotentialIncident', {
  ...report,
  openedAt: '2024-05-01T08:50:00.000Z',
  plan: planReference,
});
export const potentialIncidentOpened = event('PotentialIncidentOpened', {
  ...report,
  services: [...report.services],
  openedAt: '2024-05-01T08:50:00.000Z',
  plan: planReference,
});

const confirmation = { incidentId, confirmedBy: 'alice', confirmedAt: '2024-05-01T09:00:00.000Z' };
export const confirmIncidentCommand = command('ConfirmIncident', {
  ...confirmation,
  plan: planInForce,
});
export const incidentConfirmed = event('IncidentConfirmed', {
  ...confirmation,
  plan: planReference,
});

export const notificationsRequested = event('NotificationsRequested', {
  incidentId,
  planId: 'standard',
  planVersion: 3,
  contacts,
  requestedAt: '2024-05-01T09:00:00.000Z',
});

const firstTimebox = { incidentId, round: 1, minutes: 20, startedAt: '2024-05-01T09:00:00.000Z' };
export const timeboxStarted = event('InvestigationTimeboxStarted', {
  ...firstTimebox,
  endsAt: '2024-05-01T09:20:00.000Z',
  startedBy: 'alice',
});

const dismissal = {
  incidentId,
  reason: 'Load test',
  dismissedBy: 'bob',
  dismissedAt: '2024-05-01T08:55:00.000Z',
};
export const dismissPotentialIncidentCommand = command('DismissPotentialIncident', dismissal);
export const potentialIncidentDismissed = event('PotentialIncidentDismissed', dismissal);

const mitigation = {
  incidentId,
  summary: 'Traffic drained to eu-west-2',
  mitigatedBy: 'bob',
  mitigatedAt: '2024-05-01T09:25:00.000Z',
};
export const mitigateIncidentCommand = command('MitigateIncident', mitigation);
export const incidentMitigated = event('IncidentMitigated', mitigation);

const closure = { incidentId, closedBy: 'carol', closedAt: '2024-05-03T15:00:00.000Z' };
export const closeIncidentCommand = command('CloseIncident', closure);
export const incidentClosed = event('IncidentClosed', closure);

const reopening = {
  incidentId,
  reason: 'Errors are back',
  reopenedBy: 'bob',
  reopenedAt: '2024-05-01T11:00:00.000Z',
};
export const reopenIncidentCommand = command('ReopenIncident', reopening);
export const incidentReopened = event('IncidentReopened', reopening);

const severityChange = {
  incidentId,
  reason: 'EU customers affected',
  changedBy: 'alice',
  changedAt: '2024-05-01T09:10:00.000Z',
};
export const changeSeverityCommand = command('ChangeSeverity', {
  ...severityChange,
  severity: 'SEV1',
});
export const severityChanged = event('SeverityChanged', {
  ...severityChange,
  from: 'SEV2',
  to: 'SEV1',
});

const assignment = {
  incidentId,
  role: 'commander',
  person: 'alice',
  assignedBy: 'alice',
  assignedAt: '2024-05-01T09:01:00.000Z',
} as const;
export const assignRoleCommand = command('AssignRole', assignment);
export const roleAssigned = event('RoleAssigned', { ...assignment, previousHolder: null });

const unassignment = {
  incidentId,
  role: 'commander',
  person: 'alice',
  unassignedBy: 'alice',
  unassignedAt: '2024-05-01T09:40:00.000Z',
} as const;
export const unassignRoleCommand = command('UnassignRole', unassignment);
export const roleUnassigned = event('RoleUnassigned', unassignment);

const notificationAck = {
  incidentId,
  contact: 'On-call SRE',
  acknowledgedAt: '2024-05-01T09:03:00.000Z',
};
export const recordNotificationAcknowledgedCommand = command(
  'RecordNotificationAcknowledged',
  notificationAck,
);
export const notificationAcknowledged = event('NotificationAcknowledged', notificationAck);
