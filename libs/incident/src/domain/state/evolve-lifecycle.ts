import type { IncidentAcknowledged, IncidentDeclared, IncidentResolved } from '../incident.events';
import type { LifecycleEvent, PotentialIncidentOpened } from '../events/lifecycle.events';
import { freshResponse, incidentPlanOf } from './fresh-response';
import type {
  InvestigatingIncident,
  IncidentState,
  MitigatedIncident,
  ResolvedIncident,
} from './state.types';

export type StatusEvent =
  IncidentDeclared | IncidentAcknowledged | IncidentResolved | LifecycleEvent;

/*
 * Events are facts already stored, so evolve never throws: an event that does not apply to the
 * current status leaves the state as it is. decide never produces such a stream; tolerating one
 * keeps an old or hand-repaired stream readable.
 */
export function evolveStatus(state: IncidentState, event: StatusEvent): IncidentState {
  switch (event.type) {
    case 'IncidentDeclared':
    case 'PotentialIncidentOpened':
      return state.status === 'none' ? opened(event) : state;
    case 'IncidentConfirmed': {
      if (state.status !== 'triage') return state;
      const { openedAt, status: _triage, ...rest } = state;
      const { confirmedBy: by, confirmedAt, plan } = event.data;
      return {
        ...rest,
        status: 'investigating',
        plan: incidentPlanOf(plan),
        declaredAt: confirmedAt,
        confirmation: { openedAt, by },
      };
    }
    case 'PotentialIncidentDismissed': {
      if (state.status !== 'triage') return state;
      const { reason, dismissedBy: by, dismissedAt: at } = event.data;
      return { ...state, status: 'dismissed', dismissal: { reason, by, at } };
    }
    case 'IncidentAcknowledged':
      return acknowledged(state, event);
    default:
      return evolveDeclared(state, event);
  }
}

function opened(event: IncidentDeclared | PotentialIncidentOpened): IncidentState {
  const { data } = event;
  const basics = {
    ...freshResponse(data.plan),
    incidentId: data.incidentId,
    title: data.title,
    severity: data.severity,
    description: data.description ?? null,
    services: data.services,
    reportedBy: data.reportedBy,
    acknowledged: null,
  };
  if (event.type === 'PotentialIncidentOpened') {
    return { ...basics, status: 'triage', openedAt: event.data.openedAt };
  }
  return {
    ...basics,
    status: 'investigating',
    declaredAt: event.data.declaredAt,
    confirmation: null,
  };
}

// The first acknowledgement is the one that stopped escalation; later ones change nothing.
function acknowledged(state: IncidentState, event: IncidentAcknowledged): IncidentState {
  const open =
    state.status === 'triage' || state.status === 'investigating' || state.status === 'mitigated';
  if (!open || state.acknowledged !== null) return state;
  const { acknowledgedBy: by, acknowledgedAt: at } = event.data;
  return { ...state, acknowledged: { by, at } };
}

type DeclaredEvent = Exclude<
  StatusEvent,
  {
    type:
      | 'IncidentDeclared'
      | 'PotentialIncidentOpened'
      | 'IncidentConfirmed'
      | 'PotentialIncidentDismissed'
      | 'IncidentAcknowledged';
  }
>;

function evolveDeclared(state: IncidentState, event: DeclaredEvent): IncidentState {
  switch (event.type) {
    case 'IncidentMitigated': {
      if (state.status !== 'investigating') return state;
      const { summary, mitigatedBy: by, mitigatedAt: at } = event.data;
      return { ...state, status: 'mitigated', mitigation: { summary, by, at } };
    }
    case 'IncidentResolved':
      return state.status === 'investigating' || state.status === 'mitigated'
        ? resolved(state, event)
        : state;
    case 'IncidentClosed': {
      if (state.status !== 'resolved') return state;
      const { closedBy: by, closedAt: at, washUpReference, washUpSummary } = event.data;
      const closure = {
        by,
        at,
        washUpReference: washUpReference ?? null,
        washUpSummary: washUpSummary ?? null,
      };
      return { ...state, status: 'closed', closure };
    }
    case 'IncidentReopened': {
      if (state.status !== 'resolved') return state;
      const { resolution: _resolved, ...rest } = state;
      // Back to investigating; the next timebox starts when someone starts it.
      return {
        ...rest,
        status: 'investigating',
        huddles: { phase: 'idle', round: state.huddles.round },
      };
    }
    case 'SeverityChanged':
      return state.status === 'none' ? state : { ...state, severity: event.data.to };
    default:
      return ignore(state, event);
  }
}

function resolved(
  state: InvestigatingIncident | MitigatedIncident,
  event: IncidentResolved,
): ResolvedIncident {
  const { resolutionSummary: summary, resolvedBy: by, resolvedAt: at } = event.data;
  if (state.status === 'mitigated') {
    const { mitigation: _superseded, ...rest } = state;
    return { ...rest, status: 'resolved', resolution: { summary, by, at } };
  }
  return { ...state, status: 'resolved', resolution: { summary, by, at } };
}

function ignore(state: IncidentState, _event: never): IncidentState {
  return state;
}
