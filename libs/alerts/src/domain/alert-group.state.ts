import type { AlertGroupEvent } from './alert-group.events';
import type { AttachRule } from './alert.events';

export type MemberStatus = 'firing' | 'resolved';

export type Placed = {
  readonly incidentId: string;
  readonly rule: AttachRule;
  readonly reason: string;
};

export type AlertGroupState = {
  /** The incident new alerts of this service may join, while its window lasts. */
  readonly current: { readonly incidentId: string; readonly windowEndsAt: string } | null;
  /** Incident → its alerts (by dedup key) and whether each still fires. */
  readonly incidents: Readonly<Record<string, Readonly<Record<string, MemberStatus>>>>;
  /** `dedupKey#episode` → the incident that episode was placed in: a second placement is a retry. */
  readonly placements: Readonly<Record<string, Placed>>;
};

export const initialAlertGroupState = (): AlertGroupState => ({
  current: null,
  incidents: {},
  placements: {},
});

export const placementKey = (dedupKey: string, episode: number) => `${dedupKey}#${episode}`;

function withMember(
  state: AlertGroupState,
  incidentId: string,
  dedupKey: string,
  status: MemberStatus,
): AlertGroupState['incidents'] {
  return {
    ...state.incidents,
    [incidentId]: { ...state.incidents[incidentId], [dedupKey]: status },
  };
}

export function evolveAlertGroup(state: AlertGroupState, event: AlertGroupEvent): AlertGroupState {
  switch (event.type) {
    case 'AlertGroupIncidentOpened':
    case 'AlertJoinedGroupIncident': {
      const d = event.data;
      return {
        current:
          event.type === 'AlertGroupIncidentOpened'
            ? { incidentId: d.incidentId, windowEndsAt: event.data.windowEndsAt }
            : state.current,
        incidents: withMember(state, d.incidentId, d.dedupKey, 'firing'),
        placements: { ...state.placements, [placementKey(d.dedupKey, d.episode)]: placed(event) },
      };
    }
    case 'GroupAlertResolved': {
      const d = event.data;
      return { ...state, incidents: withMember(state, d.incidentId, d.dedupKey, 'resolved') };
    }
    default:
      return ignoreUnknown(state, event);
  }
}

function ignoreUnknown(state: AlertGroupState, _event: never): AlertGroupState {
  return state;
}

function placed(event: Extract<AlertGroupEvent, { data: { episode: number } }>): Placed {
  const { incidentId, reason } = event.data;
  if (event.type === 'AlertJoinedGroupIncident')
    return { incidentId, reason, rule: event.data.rule };
  return {
    incidentId,
    reason,
    rule: event.data.linkedTo === null ? 'opened' : 'new-after-reopen-window',
  };
}
