import type { PlaceAlert, ReturnAlert } from './alert-group.commands';
import { decideAlertGroup } from './alert-group.decide';
import { placementKey, placementOf, type AlertGroupState, type Placed } from './alert-group.state';
import { isOpen, type IncidentStanding } from './incident-standing';

/* Times and the proposed incident id come in with the episode, so a retry decides the same. */

/** An integration's settings, as placement needs them. */
export type PlacementSettings = {
  readonly groupingWindowSeconds: number;
  readonly reopenWindowSeconds: number;
};

/** A firing alert's episode that belongs to no incident yet. */
export type FiringEpisode = {
  readonly integrationId: string;
  readonly service: string;
  readonly dedupKey: string;
  readonly episode: number;
  /** The incident of the episode before, when this one is a refiring. */
  readonly previousIncidentId: string | null;
  readonly at: string;
  readonly settings: PlacementSettings;
  /** The id a new incident gets (deterministic from the episode). */
  readonly newIncidentId: string;
};

/** What is on record when the episode is placed. */
export type PlacementFacts = {
  /** The incident of `previousIncidentId` (null: the first episode). */
  readonly previous: IncidentStanding | null;
  /** The grouping stream of the alert's integration and service. */
  readonly group: AlertGroupState;
  /** The incident of `group.current` (null: the group has none). */
  readonly groupIncident: IncidentStanding | null;
};

/** What to do, in this order, to place the episode. */
export type PlacementStep =
  | { readonly type: 'ReopenIncident'; readonly incidentId: string; readonly reason: string }
  /** On the grouping stream: records the placement (nothing when a retry finds it made). */
  | { readonly type: 'RecordPlacement'; readonly command: PlaceAlert | ReturnAlert }
  | { readonly type: 'OpenIncident'; readonly incidentId: string }
  | {
      readonly type: 'LinkIncident';
      readonly incidentId: string;
      readonly linkedTo: string;
      readonly text: string;
    };

export type EpisodePlacement = {
  /** The incident the episode belongs to, and why: what its alert stream records. */
  readonly placed: Placed;
  readonly steps: readonly PlacementStep[];
};

/**
 * Pure. A refiring alert goes back to its incident while that is open, and reopens it when it was
 * resolved within the integration's reopen window; otherwise the episode is placed by its group:
 * it joins the group's incident while that is open and within its grouping window, or opens a
 * new incident, linked to the one it belonged to before.
 */
export function decidePlacement(episode: FiringEpisode, facts: PlacementFacts): EpisodePlacement {
  const previous = episode.previousIncidentId;
  return (previous !== null && returnTo(episode, previous, facts)) || placeInGroup(episode, facts);
}

function returnTo(
  episode: FiringEpisode,
  incidentId: string,
  facts: PlacementFacts,
): EpisodePlacement | null {
  const incident = facts.previous;
  if (incident === null) return null;
  // 'none' is open to grouping (another delivery is opening it), but no incident to go back to.
  if (incident.status !== 'none' && isOpen(incident)) {
    const reason = `fired again while incident ${incidentId} is still open`;
    return recorded(facts, returned(episode, incidentId, 'still-open', reason));
  }
  if (incident.status !== 'resolved') return null;
  const window = episode.settings.reopenWindowSeconds;
  const since = (Date.parse(episode.at) - Date.parse(incident.resolution.at)) / 1000;
  if (since > window) return null;
  const reason = `fired again ${Math.round(since)} s after incident ${incidentId} was resolved, within the reopen window (${window} s)`;
  const reopen: PlacementStep = {
    type: 'ReopenIncident',
    incidentId,
    reason: `Alert ${episode.dedupKey} ${reason}`,
  };
  return recorded(facts, returned(episode, incidentId, 'reopened', reason), [reopen]);
}

function placeInGroup(episode: FiringEpisode, facts: PlacementFacts): EpisodePlacement {
  const current = facts.group.current?.incidentId ?? null;
  const open = current !== null && facts.groupIncident !== null && isOpen(facts.groupIncident);
  const linkedTo = episode.previousIncidentId;
  const command: PlaceAlert = {
    type: 'PlaceAlert',
    data: {
      ...refOf(episode),
      windowSeconds: episode.settings.groupingWindowSeconds,
      newIncidentId: episode.newIncidentId,
      openIncidentId: open ? current : null,
      linkedTo,
    },
  };
  const placement = recorded(facts, command);
  const { incidentId, rule } = placement.placed;
  if (rule !== 'opened' && rule !== 'new-after-reopen-window') return placement;
  const steps: PlacementStep[] = [...placement.steps, { type: 'OpenIncident', incidentId }];
  if (linkedTo !== null) {
    const text = `Opened by alert ${episode.dedupKey}, which belonged to incident ${linkedTo}; that incident was resolved longer ago than the reopen window (${episode.settings.reopenWindowSeconds} s).`;
    steps.push({ type: 'LinkIncident', incidentId, linkedTo, text });
  }
  return { placed: placement.placed, steps };
}

function returned(
  episode: FiringEpisode,
  incidentId: string,
  rule: ReturnAlert['data']['rule'],
  reason: string,
): ReturnAlert {
  return { type: 'ReturnAlert', data: { ...refOf(episode), incidentId, rule, reason } };
}

/** The group's own decision: a placement it already made (a retry) stands. */
function recorded(
  facts: PlacementFacts,
  command: PlaceAlert | ReturnAlert,
  before: readonly PlacementStep[] = [],
): EpisodePlacement {
  const [event] = decideAlertGroup(command, facts.group);
  const placed =
    event?.type === 'AlertGroupIncidentOpened' || event?.type === 'AlertJoinedGroupIncident'
      ? placementOf(event)
      : facts.group.placements[placementKey(command.data.dedupKey, command.data.episode)];
  return { placed, steps: [...before, { type: 'RecordPlacement', command }] };
}

function refOf(episode: FiringEpisode) {
  const { integrationId, service, dedupKey, episode: n, at } = episode;
  return { integrationId, service, dedupKey, episode: n, at };
}
