/** Sitrep's severities; SEV1 is the worst. Each source documents how its own levels map here. */
export type AlertSeverity = 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';

export type AlertStatus = 'firing' | 'resolved';

export interface AlertLink {
  href: string;
  text?: string;
}

/**
 * One alert as every source reduces to it. `dedupKey` identifies the alert across deliveries
 * (the same problem firing again, or resolving); it is namespaced by the integration later, so a
 * source only has to make it unique within itself.
 */
export interface NormalizedAlert {
  source: string;
  dedupKey: string;
  status: AlertStatus;
  severity: AlertSeverity;
  summary: string;
  description?: string;
  service?: string;
  labels: Record<string, string>;
  /** ISO 8601. When the source says the problem started (else when Sitrep received it). */
  startedAt: string;
  /** ISO 8601, for resolved alerts when the source says. */
  endedAt?: string;
  links: AlertLink[];
  /** The part of the delivery this alert came from (the whole payload, or one alert of a batch). */
  raw: unknown;
}

/**
 * An accepted alert waiting in the delivery queue: the normalized alert without its raw part
 * (the delivery keeps the body), with the hash that tells a changed payload from a repeat.
 */
export type QueuedAlert = Omit<NormalizedAlert, 'raw'> & { payloadHash: string };
