/** The integration an accepted delivery came through, as the pipeline needs it. */
export interface IntegrationSettings {
  integrationId: string;
  source: string;
  name: string;
  /** Response plan for incidents this integration opens (undefined: the default plan). */
  responsePlanId?: string;
  /** Open new incidents in triage (potential) or declared straight away. */
  openAs: 'triage' | 'declared';
  /** A new alert joins an open incident of the same integration and service within this window. */
  groupingWindowSeconds: number;
  /** When every alert of an alert-opened incident has resolved: do nothing, mitigate, or resolve. */
  autoResolve: 'none' | 'mitigate' | 'resolve';
  /** A firing alert for a resolved incident within this window reopens it; after it, a new linked incident. */
  reopenWindowSeconds: number;
}

/** What the pipeline decided for one alert: recorded as the delivery's processing outcome. */
export interface AlertOutcome {
  dedupKey: string;
  decision: 'opened' | 'joined' | 'deduplicated' | 'updated' | 'resolved' | 'reopened' | 'ignored';
  incidentId?: string;
  /** Why, e.g. `grouping: same service "checkout" within 300 s of incident …`. */
  reason: string;
}
