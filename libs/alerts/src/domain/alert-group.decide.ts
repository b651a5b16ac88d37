import type { AlertGroupCommand, PlaceAlert, ResolveGroupAlert } from './alert-group.commands';
import type {
  AlertGroupEvent,
  AlertJoinedGroupIncident,
  AlertsJoinedGroupIncident,
  GroupJoin,
} from './alert-group.events';
import { placementKey, type AlertGroupState } from './alert-group.state';

/** Pure: which incident an alert episode belongs to, and when an incident's alerts all resolved. */
export function decideAlertGroup(
  command: AlertGroupCommand,
  state: AlertGroupState,
): AlertGroupEvent[] {
  switch (command.type) {
    case 'PlaceAlert':
      return place(command, state);
    case 'ReturnAlert': {
      const { rule, ...data } = command.data;
      if (state.placements[placementKey(data.dedupKey, data.episode)]) return [];
      return [{ type: 'AlertJoinedGroupIncident', data: { ...data, rule } }];
    }
    case 'ResolveGroupAlert':
      return resolve(command, state);
    default:
      return unknownCommand(command);
  }
}

function place(command: PlaceAlert, state: AlertGroupState): AlertGroupEvent[] {
  const { windowSeconds, newIncidentId, openIncidentId, linkedTo, ...alert } = command.data;
  if (state.placements[placementKey(alert.dedupKey, alert.episode)]) return [];
  const current = state.current;
  const joinable =
    current !== null &&
    current.incidentId === openIncidentId &&
    Date.parse(alert.at) <= Date.parse(current.windowEndsAt);
  if (joinable) {
    const reason = `grouping: same integration and service "${alert.service}" while incident ${current.incidentId} is open, within its window (until ${current.windowEndsAt})`;
    return [
      {
        type: 'AlertJoinedGroupIncident',
        data: { ...alert, incidentId: current.incidentId, rule: 'grouped', reason },
      },
    ];
  }
  const windowEndsAt = new Date(Date.parse(alert.at) + windowSeconds * 1000).toISOString();
  const reason =
    linkedTo === null
      ? `no open incident of service "${alert.service}" within ${windowSeconds} s: opened a new one`
      : `incident ${linkedTo} resolved longer ago than the reopen window: opened a new incident linked to it`;
  return [
    {
      type: 'AlertGroupIncidentOpened',
      data: { ...alert, incidentId: newIncidentId, windowEndsAt, linkedTo, reason },
    },
  ];
}

function resolve(command: ResolveGroupAlert, state: AlertGroupState): AlertGroupEvent[] {
  const d = command.data;
  const incident = state.incidents[d.incidentId];
  if (incident?.members[d.dedupKey] !== 'firing') return [];
  const allResolved = incident.firing === 1;
  return [
    {
      type: 'GroupAlertResolved',
      data: {
        ...d,
        allResolved,
        resolvedDedupKeys: allResolved ? Object.keys(incident.members).sort() : [],
      },
    },
  ];
}

function unknownCommand(command: never): never {
  throw new Error(`Not an alert group command: ${String((command as { type?: unknown }).type)}`);
}

/**
 * Alerts one AlertsJoinedGroupIncident lists at most: a processor batch may place thousands of
 * alerts in one incident, and every event must stay well under Kafka's message size (1 MB).
 */
export const MAX_JOINS_PER_EVENT = 100;

/**
 * Pure. Two events about to be appended one after the other to a group's stream, as one: joins of
 * the same incident become one AlertsJoinedGroupIncident listing each alert (at most
 * MAX_JOINS_PER_EVENT). The stream folds to the same state either way. Null: keep both.
 */
export function coalesceAlertGroupEvents(
  earlier: AlertGroupEvent,
  later: AlertGroupEvent,
): AlertGroupEvent | null {
  if (later.type !== 'AlertJoinedGroupIncident') return null;
  if (earlier.type !== 'AlertJoinedGroupIncident' && earlier.type !== 'AlertsJoinedGroupIncident') {
    return null;
  }
  if (earlier.data.incidentId !== later.data.incidentId) return null;
  const before =
    earlier.type === 'AlertsJoinedGroupIncident' ? earlier.data.joins : [joinOf(earlier)];
  if (before.length >= MAX_JOINS_PER_EVENT) return null;
  const { integrationId, service, incidentId } = earlier.data;
  return {
    type: 'AlertsJoinedGroupIncident',
    data: { integrationId, service, incidentId, joins: [...before, joinOf(later)] },
  } satisfies AlertsJoinedGroupIncident;
}

function joinOf({ data }: AlertJoinedGroupIncident): GroupJoin {
  return {
    dedupKey: data.dedupKey,
    episode: data.episode,
    at: data.at,
    reason: data.reason,
    rule: data.rule,
  };
}
