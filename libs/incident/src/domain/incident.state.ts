import type { IncidentEvent } from './incident.events';
import type { Severity } from './severity';

export type Acknowledgement = { readonly by: string; readonly at: string };

export type Resolution = { readonly summary: string; readonly by: string; readonly at: string };

/**
 * What every declared incident carries, whatever its status. Later statuses (mitigated, closed, a
 * reopened incident) extend this; a potential incident in triage will get its own shape.
 */
export type DeclaredIncident = {
  readonly incidentId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly description: string | null;
  readonly services: readonly string[];
  readonly reportedBy: string;
  readonly declaredAt: string;
  /** `null` until someone acknowledges; an incident may be resolved without ever being acknowledged. */
  readonly acknowledged: Acknowledgement | null;
};

export type NoIncident = { readonly status: 'none' };

export type InvestigatingIncident = DeclaredIncident & { readonly status: 'investigating' };

export type ResolvedIncident = DeclaredIncident & {
  readonly status: 'resolved';
  readonly resolution: Resolution;
};

export type IncidentState = NoIncident | InvestigatingIncident | ResolvedIncident;

export type IncidentStatus = IncidentState['status'];

export const initialState = (): IncidentState => ({ status: 'none' });

/*
 * Events are facts already stored, so evolve never throws: an event that does not apply to the
 * current status leaves the state as it is. decide never produces such a stream; tolerating one
 * keeps an old or hand-repaired stream readable.
 */
export function evolve(state: IncidentState, event: IncidentEvent): IncidentState {
  switch (event.type) {
    case 'IncidentDeclared': {
      if (state.status !== 'none') return state;
      const { data } = event;
      return {
        status: 'investigating',
        incidentId: data.incidentId,
        title: data.title,
        severity: data.severity,
        description: data.description ?? null,
        services: data.services,
        reportedBy: data.reportedBy,
        declaredAt: data.declaredAt,
        acknowledged: null,
      };
    }
    case 'IncidentAcknowledged': {
      // The first acknowledgement is the one that stopped escalation; later ones change nothing.
      if (state.status !== 'investigating' || state.acknowledged !== null) return state;
      const { acknowledgedBy: by, acknowledgedAt: at } = event.data;
      return { ...state, acknowledged: { by, at } };
    }
    case 'IncidentResolved': {
      if (state.status !== 'investigating') return state;
      const { resolutionSummary: summary, resolvedBy: by, resolvedAt: at } = event.data;
      return { ...state, status: 'resolved', resolution: { summary, by, at } };
    }
    default:
      return ignoreUnknownEvent(state, event);
  }
}

/** A stream written by a newer version of Sitrep may hold types this version does not know. */
function ignoreUnknownEvent(state: IncidentState, _event: never): IncidentState {
  return state;
}

export function foldIncident(events: readonly IncidentEvent[]): IncidentState {
  return events.reduce(evolve, initialState());
}
