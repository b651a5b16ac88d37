/*
 * Events of one alert stream, `alert-<integrationId>-<hash of dedup key>`. Every event names its
 * integration and dedup key, so the per-incident read model needs no other stream. Times are ISO
 * 8601 in UTC. Never rename an event type.
 */

export type AlertSeverityLevel = 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';

/** How an alert came to belong to its incident. */
export type AttachRule =
  'opened' | 'grouped' | 'still-open' | 'reopened' | 'new-after-reopen-window';

type AlertKey = { readonly integrationId: string; readonly dedupKey: string };

/** Which incident an alert's episode belongs to, and why (see AlertAttachedToIncident). */
export type AlertAttachment = {
  readonly incidentId: string;
  readonly rule: AttachRule;
  readonly reason: string;
  readonly attachedAt: string;
};

export type AlertFired = {
  readonly type: 'AlertFired';
  readonly data: AlertKey & {
    /** 1 for the first firing; each refiring after a resolution starts the next episode. */
    readonly episode: number;
    readonly severity: AlertSeverityLevel;
    readonly summary: string;
    readonly service: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly startedAt: string;
    readonly deliveryId: string;
    readonly payloadHash: string;
    readonly receivedAt: string;
    /**
     * The episode's incident, when it was decided with the firing and both were appended together
     * (see coalesceAlertEvents): then no AlertAttachedToIncident follows. Absent otherwise, and in
     * events recorded before it existed.
     */
    readonly attachment?: AlertAttachment;
  };
};

/** Fired again after it resolved: a new episode, whose incident is decided afresh. */
export type AlertRefired = {
  readonly type: 'AlertRefired';
  readonly data: AlertFired['data'] & { readonly previousIncidentId: string | null };
};

/** The same alert again while it is firing: counted, not a new incident. */
export type AlertRepeated = {
  readonly type: 'AlertRepeated';
  readonly data: AlertKey & {
    readonly incidentId: string | null;
    readonly count: number;
    readonly payloadChanged: boolean;
    readonly payloadHash: string;
    /** The latest delivery counted. */
    readonly deliveryId: string;
    /**
     * Every delivery this one event counts, oldest first, when repeats arriving together were
     * recorded as one (see coalesceAlertEvents); absent when it counts `deliveryId` alone.
     */
    readonly deliveryIds?: readonly string[];
    readonly receivedAt: string;
  };
};

export type AlertAttachedToIncident = {
  readonly type: 'AlertAttachedToIncident';
  readonly data: AlertKey & {
    readonly episode: number;
    readonly incidentId: string;
    readonly rule: AttachRule;
    readonly reason: string;
    readonly deliveryId: string;
    readonly attachedAt: string;
  };
};

export type AlertResolved = {
  readonly type: 'AlertResolved';
  readonly data: AlertKey & {
    readonly incidentId: string | null;
    readonly endedAt: string;
    readonly deliveryId: string;
    readonly receivedAt: string;
  };
};

export type AlertEvent =
  AlertFired | AlertRefired | AlertRepeated | AlertAttachedToIncident | AlertResolved;

const alertEventTypeList: Record<AlertEvent['type'], true> = {
  AlertFired: true,
  AlertRefired: true,
  AlertRepeated: true,
  AlertAttachedToIncident: true,
  AlertResolved: true,
};

export function isAlertEventType(type: string): type is AlertEvent['type'] {
  return Object.hasOwn(alertEventTypeList, type);
}
