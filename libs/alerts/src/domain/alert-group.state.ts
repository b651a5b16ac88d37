import type { AlertGroupEvent } from './alert-group.events';
import type { AttachRule } from './alert.events';

export type MemberStatus = 'firing' | 'resolved';

export type Placed = {
  readonly incidentId: string;
  readonly rule: AttachRule;
  readonly reason: string;
};

/**
 * Only what can still change: an incident leaves the state when its last firing alert resolves,
 * with the placements into it. So the state, which every new alert copies, stays the size of what
 * fires now, not of the service's whole history (the events keep that).
 */
export type AlertGroupState = {
  /** The incident new alerts of this service may join, while its window lasts. */
  readonly current: { readonly incidentId: string; readonly windowEndsAt: string } | null;
  /**
   * Incident → its alerts (by dedup key) and whether each still fires, for incidents with an
   * alert firing; an alert that rejoins an incident whose alerts had all resolved starts afresh.
   */
  readonly incidents: Readonly<Record<string, Readonly<Record<string, MemberStatus>>>>;
  /**
   * `dedupKey#episode` → the incident that episode was placed in, while that incident is in
   * `incidents`: a second placement of the episode is a retry. An episode is placed only while it
   * fires, and its incident leaves only once every episode in it has ended, so none is needed later.
   */
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
      if (d.allResolved) return withoutIncident(state, d.incidentId);
      return { ...state, incidents: withMember(state, d.incidentId, d.dedupKey, 'resolved') };
    }
    default:
      return ignoreUnknown(state, event);
  }
}

/** Every alert of the incident resolved: nothing of it can change any more but by a new placement. */
function withoutIncident(state: AlertGroupState, incidentId: string): AlertGroupState {
  const { [incidentId]: _gone, ...incidents } = state.incidents;
  const placements: Record<string, Placed> = {};
  for (const [key, placed] of Object.entries(state.placements)) {
    if (placed.incidentId !== incidentId) placements[key] = placed;
  }
  return { ...state, incidents, placements };
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
