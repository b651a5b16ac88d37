/*
 * Events of one grouping stream, `alert-group-<integrationId>-<hash of service>`: which incident
 * each alert episode of this integration and service belongs to, and which of them still fire.
 * Appending with the expected version serialises the first alerts of a service, so two alerts
 * arriving together cannot both open an incident.
 */

type Placement = {
  readonly integrationId: string;
  readonly service: string;
  readonly incidentId: string;
  readonly dedupKey: string;
  readonly episode: number;
  readonly at: string;
  readonly reason: string;
};

export type AlertGroupIncidentOpened = {
  readonly type: 'AlertGroupIncidentOpened';
  readonly data: Placement & {
    readonly windowEndsAt: string;
    /** The resolved incident this alert belonged to before its reopen window ran out. */
    readonly linkedTo: string | null;
  };
};

export type AlertJoinedGroupIncident = {
  readonly type: 'AlertJoinedGroupIncident';
  readonly data: Placement & { readonly rule: 'grouped' | 'still-open' | 'reopened' };
};

/** One alert of an AlertsJoinedGroupIncident: what its AlertJoinedGroupIncident would say. */
export type GroupJoin = Pick<Placement, 'dedupKey' | 'episode' | 'at' | 'reason'> & {
  readonly rule: AlertJoinedGroupIncident['data']['rule'];
};

/**
 * Alerts joining one incident of the group, decided together and appended as one event (see
 * coalesceAlertGroupEvents): a grouped notification of ten alerts is one event on the group's
 * stream, not ten. Each alert keeps its own rule and reason; oldest first.
 */
export type AlertsJoinedGroupIncident = {
  readonly type: 'AlertsJoinedGroupIncident';
  readonly data: Pick<Placement, 'integrationId' | 'service' | 'incidentId'> & {
    readonly joins: readonly GroupJoin[];
  };
};

export type GroupAlertResolved = {
  readonly type: 'GroupAlertResolved';
  readonly data: {
    readonly integrationId: string;
    readonly service: string;
    readonly incidentId: string;
    readonly dedupKey: string;
    readonly at: string;
    /** True when this was the incident's last firing alert. */
    readonly allResolved: boolean;
    /**
     * When allResolved: the incident's alerts, all now resolved (those that joined since its
     * alerts last all resolved, when that happened before).
     */
    readonly resolvedDedupKeys: readonly string[];
  };
};

export type AlertGroupEvent =
  | AlertGroupIncidentOpened
  | AlertJoinedGroupIncident
  | AlertsJoinedGroupIncident
  | GroupAlertResolved;

const groupEventTypeList: Record<AlertGroupEvent['type'], true> = {
  AlertGroupIncidentOpened: true,
  AlertJoinedGroupIncident: true,
  AlertsJoinedGroupIncident: true,
  GroupAlertResolved: true,
};

export function isAlertGroupEventType(type: string): type is AlertGroupEvent['type'] {
  return Object.hasOwn(groupEventTypeList, type);
}
