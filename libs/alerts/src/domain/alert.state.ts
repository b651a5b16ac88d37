import type { AlertEvent } from './alert.events';

/**
 * Delivery ids remembered per alert, so a delivery decided twice changes nothing. The processor
 * decides each delivery once (its outcome commits with the events), so this is a second guard;
 * it is kept short because the processor keeps tens of thousands of alert states in memory.
 */
export const REMEMBERED_DELIVERIES = 20;

type Known = {
  readonly integrationId: string;
  readonly dedupKey: string;
  readonly service: string;
  readonly episode: number;
  readonly count: number;
  readonly payloadHash: string;
  /** Null until the episode's incident is decided (or while a crashed attach awaits its retry). */
  readonly incidentId: string | null;
  /** The incident of the episode before, when this one is a refiring. */
  readonly previousIncidentId: string | null;
  readonly deliveries: readonly string[];
};

export type FiringAlert = Known & { readonly status: 'firing' };
export type ResolvedAlert = Known & { readonly status: 'resolved'; readonly endedAt: string };
export type AlertState = { readonly status: 'none' } | FiringAlert | ResolvedAlert;

export const initialAlertState = (): AlertState => ({ status: 'none' });

function remember(
  deliveries: readonly string[],
  ...deliveryIds: readonly string[]
): readonly string[] {
  return [...deliveries, ...deliveryIds].slice(-REMEMBERED_DELIVERIES);
}

export function evolveAlert(state: AlertState, event: AlertEvent): AlertState {
  switch (event.type) {
    case 'AlertFired':
    case 'AlertRefired': {
      const d = event.data;
      const before = state.status === 'none' ? [] : state.deliveries;
      return {
        status: 'firing',
        integrationId: d.integrationId,
        dedupKey: d.dedupKey,
        service: state.status === 'none' ? d.service : state.service,
        episode: d.episode,
        count: 1,
        payloadHash: d.payloadHash,
        incidentId: d.attachment?.incidentId ?? null,
        previousIncidentId: event.type === 'AlertRefired' ? event.data.previousIncidentId : null,
        deliveries: remember(before, d.deliveryId),
      };
    }
    case 'AlertRepeated':
      if (state.status === 'none') return state;
      return {
        ...state,
        count: event.data.count,
        payloadHash: event.data.payloadHash,
        deliveries: remember(
          state.deliveries,
          ...(event.data.deliveryIds ?? [event.data.deliveryId]),
        ),
      };
    case 'AlertAttachedToIncident':
      if (state.status !== 'firing' || state.episode !== event.data.episode) return state;
      return { ...state, incidentId: event.data.incidentId };
    case 'AlertResolved':
      if (state.status === 'none') return state;
      return {
        ...state,
        status: 'resolved',
        endedAt: event.data.endedAt,
        deliveries: remember(state.deliveries, event.data.deliveryId),
      };
    default:
      return ignoreUnknown(state, event);
  }
}

function ignoreUnknown(state: AlertState, _event: never): AlertState {
  return state;
}
