import type { IncidentEvent } from '../../domain';

export interface IncidentListRow {
  incidentId: string;
  title: string;
  severity: string;
  status: string;
  acknowledged: boolean;
  services: string[];
  declaredAt: string;
  updatedAt: string;
  lastPosition: number;
}

/** Pure: the list row after one more event of its incident. */
export function evolveIncidentListRow(
  row: IncidentListRow | null,
  event: IncidentEvent,
  position: number,
): IncidentListRow | null {
  switch (event.type) {
    case 'IncidentDeclared':
      return {
        incidentId: event.data.incidentId,
        title: event.data.title,
        severity: event.data.severity,
        status: 'investigating',
        acknowledged: false,
        services: event.data.services,
        declaredAt: event.data.declaredAt,
        updatedAt: event.data.declaredAt,
        lastPosition: position,
      };
    case 'IncidentAcknowledged':
      return (
        row && {
          ...row,
          acknowledged: true,
          updatedAt: event.data.acknowledgedAt,
          lastPosition: position,
        }
      );
    case 'IncidentResolved':
      return (
        row && {
          ...row,
          status: 'resolved',
          updatedAt: event.data.resolvedAt,
          lastPosition: position,
        }
      );
    case 'PotentialIncidentOpened':
      return {
        incidentId: event.data.incidentId,
        title: event.data.title,
        severity: event.data.severity,
        status: 'triage',
        acknowledged: false,
        services: event.data.services,
        declaredAt: event.data.openedAt,
        updatedAt: event.data.openedAt,
        lastPosition: position,
      };
    case 'IncidentConfirmed':
      return moved(row, 'investigating', event.data.confirmedAt, position);
    case 'PotentialIncidentDismissed':
      return moved(row, 'dismissed', event.data.dismissedAt, position);
    case 'IncidentMitigated':
      return moved(row, 'mitigated', event.data.mitigatedAt, position);
    case 'IncidentClosed':
      return moved(row, 'closed', event.data.closedAt, position);
    case 'IncidentReopened':
      return moved(row, 'investigating', event.data.reopenedAt, position);
    case 'SeverityChanged':
      return (
        row && {
          ...row,
          severity: event.data.to,
          updatedAt: event.data.changedAt,
          lastPosition: position,
        }
      );
    case 'RoleAssigned':
    case 'RoleUnassigned':
    case 'NotificationsRequested':
    case 'NotificationAcknowledged':
    case 'InvestigationTimeboxStarted':
    case 'HuddleDue':
    case 'HuddleHeld':
    case 'HuddleOverdue':
    case 'DecisionRecorded':
    case 'ActionAdded':
    case 'ActionStarted':
    case 'ActionCompleted':
    case 'ActionCancelled':
    case 'UpdatePosted':
    case 'NoteAdded':
    case 'CorrectionRecorded':
      // Not shown in the list; the row still moves to the incident's new version.
      return row && { ...row, lastPosition: position };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

function moved(
  row: IncidentListRow | null,
  status: string,
  at: string,
  position: number,
): IncidentListRow | null {
  return row && { ...row, status, updatedAt: at, lastPosition: position };
}

/** The row as node-postgres returns it from the table. */
export interface IncidentListRecord {
  incident_id: string;
  title: string;
  severity: string;
  status: string;
  acknowledged: boolean;
  services: string[];
  declared_at: Date;
  updated_at: Date;
  last_position: string;
}

export function incidentListRowOf(r: IncidentListRecord): IncidentListRow {
  return {
    incidentId: r.incident_id,
    title: r.title,
    severity: r.severity,
    status: r.status,
    acknowledged: r.acknowledged,
    services: r.services,
    declaredAt: r.declared_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    lastPosition: Number(r.last_position),
  };
}
