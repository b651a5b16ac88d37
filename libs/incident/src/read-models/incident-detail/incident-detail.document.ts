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
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}
