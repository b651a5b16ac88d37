/* Times and the proposed incident id come in with the command, so a retry decides the same. */

type AlertRef = {
  readonly integrationId: string;
  readonly service: string;
  readonly dedupKey: string;
  readonly episode: number;
  readonly at: string;
};

/** A new alert episode: join the current incident within its window, or open a new one. */
export type PlaceAlert = {
  readonly type: 'PlaceAlert';
  readonly data: AlertRef & {
    readonly windowSeconds: number;
    /** The id a new incident gets (deterministic from the alert episode). */
    readonly newIncidentId: string;
    /** The current incident, as placement found it still open; null when it is not. */
    readonly openIncidentId: string | null;
    readonly linkedTo: string | null;
  };
};

/** A refiring alert goes back to its earlier incident (still open, or reopened). */
export type ReturnAlert = {
  readonly type: 'ReturnAlert';
  readonly data: AlertRef & {
    readonly incidentId: string;
    readonly rule: 'still-open' | 'reopened';
    readonly reason: string;
  };
};

export type ResolveGroupAlert = {
  readonly type: 'ResolveGroupAlert';
  readonly data: Omit<AlertRef, 'episode'> & { readonly incidentId: string };
};

export type AlertGroupCommand = PlaceAlert | ReturnAlert | ResolveGroupAlert;
