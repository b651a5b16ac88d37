import type { IncidentEvent } from '../../domain';

export interface IncidentDetail {
  id: string;
  title: string;
  severity: string;
  status: string;
  description: string | null;
  services: string[];
  reportedBy: string;
  declaredAt: string;
  acknowledgement: { by: string; at: string } | null;
  resolution: { summary: string; by: string; at: string } | null;
  updatedAt: string;
  /** The incident's stream version this document reflects (the ETag of the incident). */
  version: number;
}

/** Pure: the detail document after one more event of its incident. */
export function evolveIncidentDetail(
  doc: IncidentDetail | null,
  event: IncidentEvent,
  position: number,
): IncidentDetail | null {
  switch (event.type) {
    case 'IncidentDeclared': {
      const d = event.data;
      return {
        id: d.incidentId,
        title: d.title,
        severity: d.severity,
        status: 'investigating',
        description: d.description ?? null,
        services: d.services,
        reportedBy: d.reportedBy,
        declaredAt: d.declaredAt,
        acknowledgement: null,
        resolution: null,
        updatedAt: d.declaredAt,
        version: position,
      };
    }
    case 'IncidentAcknowledged': {
      const { acknowledgedBy: by, acknowledgedAt: at } = event.data;
      return doc && { ...doc, acknowledgement: { by, at }, updatedAt: at, version: position };
    }
    case 'IncidentResolved': {
      const { resolutionSummary: summary, resolvedBy: by, resolvedAt: at } = event.data;
      return (
        doc && {
          ...doc,
          status: 'resolved',
          resolution: { summary, by, at },
          updatedAt: at,
          version: position,
        }
      );
    }
    case 'PotentialIncidentOpened': {
      const d = event.data;
      return {
        id: d.incidentId,
        title: d.title,
        severity: d.severity,
        status: 'triage',
        description: d.description ?? null,
        services: d.services,
        reportedBy: d.reportedBy,
        declaredAt: d.openedAt,
        acknowledgement: null,
        resolution: null,
        updatedAt: d.openedAt,
        version: position,
      };
    }
    case 'IncidentConfirmed':
      return moved(doc, 'investigating', event.data.confirmedAt, position);
    case 'PotentialIncidentDismissed':
      return moved(doc, 'dismissed', event.data.dismissedAt, position);
    case 'IncidentMitigated':
      return moved(doc, 'mitigated', event.data.mitigatedAt, position);
    case 'IncidentClosed':
      return moved(doc, 'closed', event.data.closedAt, position);
    case 'IncidentReopened': {
      const reopened = moved(doc, 'investigating', event.data.reopenedAt, position);
      return reopened && { ...reopened, resolution: null };
    }
    case 'SeverityChanged': {
      const { to, changedAt } = event.data;
      return doc && { ...doc, severity: to, updatedAt: changedAt, version: position };
    }
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
      // Not in the document yet; its version (the ETag) still follows the stream.
      return doc && { ...doc, version: position };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

function moved(
  doc: IncidentDetail | null,
  status: string,
  at: string,
  position: number,
): IncidentDetail | null {
  return doc && { ...doc, status, updatedAt: at, version: position };
}
