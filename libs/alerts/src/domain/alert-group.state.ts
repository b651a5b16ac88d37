import type {
  AlertGroupEvent,
  AlertGroupIncidentOpened,
  AlertJoinedGroupIncident,
} from './alert-group.events';
import type { AttachRule } from './alert.events';

export type MemberStatus = 'firing' | 'resolved';

export type Placed = {
  readonly incidentId: string;
  readonly rule: AttachRule;
  readonly reason: string;
};

/** An incident of the group: its alerts (by dedup key), whether each fires, and how many do. */
export type GroupIncident = {
  readonly members: Readonly<Record<string, MemberStatus>>;
  readonly firing: number;
};

/**
 * Only what can still change: an incident leaves the state when its last firing alert resolves,
 * with the placements into it. So the state stays the size of what fires now, not of the
 * service's whole history (the events keep that).
 */
export type AlertGroupState = {
  /** The incident new alerts of this service may join, while its window lasts. */
  readonly current: { readonly incidentId: string; readonly windowEndsAt: string } | null;
  /**
   * The incidents with an alert firing; an alert that rejoins an incident whose alerts had all
   * resolved starts its list afresh.
   */
  readonly incidents: Readonly<Record<string, GroupIncident>>;
  /**
   * `dedupKey#episode` → the incident that episode was placed in, while that incident is in
   * `incidents`: a second placement of the episode is a retry. An episode is placed only while it
   * fires, and its incident leaves only once every episode in it has ended, so none is needed later.
   */
  readonly placements: Readonly<Record<string, Placed>>;
};

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Draft = {
  current: AlertGroupState['current'];
  incidents: Record<string, Mutable<GroupIncident> & { members: Record<string, MemberStatus> }>;
  placements: Record<string, Placed>;
};

export const initialAlertGroupState = (): AlertGroupState => ({
  current: null,
  incidents: {},
  placements: {},
});

export const placementKey = (dedupKey: string, episode: number) => `${dedupKey}#${episode}`;

/** Pure: the state after the event (copies the state; a fold of many events may use the two below). */
export function evolveAlertGroup(state: AlertGroupState, event: AlertGroupEvent): AlertGroupState {
  const next = copyAlertGroupState(state);
  applyAlertGroupEvent(next, event);
  return next;
}

/** A copy that shares nothing changeable with `state`, for applyAlertGroupEvent to change. */
export function copyAlertGroupState(state: AlertGroupState): AlertGroupState {
  const incidents: Draft['incidents'] = {};
  for (const [id, incident] of Object.entries(state.incidents)) {
    incidents[id] = { members: { ...incident.members }, firing: incident.firing };
  }
  return { current: state.current, incidents, placements: { ...state.placements } };
}

/**
 * What `event` changes, changed in `state` itself: a new alert costs the same whatever the size
 * of its incident, where a copy per event made a storm into one incident quadratic. Only for a
 * state the caller owns (a copyAlertGroupState it has not shared).
 */
export function applyAlertGroupEvent(state: AlertGroupState, event: AlertGroupEvent): void {
  const draft = state as Draft;
  switch (event.type) {
    case 'AlertGroupIncidentOpened':
    case 'AlertJoinedGroupIncident': {
      const d = event.data;
      if (event.type === 'AlertGroupIncidentOpened') {
        draft.current = { incidentId: d.incidentId, windowEndsAt: event.data.windowEndsAt };
      }
      setMember(draft, d.incidentId, d.dedupKey, 'firing');
      draft.placements[placementKey(d.dedupKey, d.episode)] = placementOf(event);
      return;
    }
    case 'AlertsJoinedGroupIncident': {
      const { incidentId, joins } = event.data;
      for (const { dedupKey, episode, rule, reason } of joins) {
        setMember(draft, incidentId, dedupKey, 'firing');
        draft.placements[placementKey(dedupKey, episode)] = { incidentId, rule, reason };
      }
      return;
    }
    case 'GroupAlertResolved': {
      const d = event.data;
      if (d.allResolved) removeIncident(draft, d.incidentId);
      else setMember(draft, d.incidentId, d.dedupKey, 'resolved');
      return;
    }
    default:
      ignoreUnknown(event);
  }
}

function setMember(draft: Draft, incidentId: string, dedupKey: string, status: MemberStatus) {
  const incident = (draft.incidents[incidentId] ??= { members: {}, firing: 0 });
  const was = incident.members[dedupKey];
  if (was === status) return;
  incident.members[dedupKey] = status;
  if (status === 'firing') incident.firing += 1;
  else if (was === 'firing') incident.firing -= 1;
}

/** Every alert of the incident resolved: nothing of it can change any more but by a new placement. */
function removeIncident(draft: Draft, incidentId: string): void {
  delete draft.incidents[incidentId];
  for (const [key, placement] of Object.entries(draft.placements)) {
    if (placement.incidentId === incidentId) delete draft.placements[key];
  }
}

function ignoreUnknown(_event: never): void {}

/** The placement an opening or a join records. */
export function placementOf(event: AlertGroupIncidentOpened | AlertJoinedGroupIncident): Placed {
  const { incidentId, reason } = event.data;
  if (event.type === 'AlertJoinedGroupIncident')
    return { incidentId, reason, rule: event.data.rule };
  return {
    incidentId,
    reason,
    rule: event.data.linkedTo === null ? 'opened' : 'new-after-reopen-window',
  };
}
