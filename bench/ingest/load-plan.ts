/** Shared by the orchestrator and the load process: the load plan and what the load reports. */

export interface Target {
  path: string;
  token: string;
}

export interface LoadPlan {
  baseUrl: string;
  integrations: Target[];
  services: number;
  connections: number;
  hotAlerts: number;
  repeatShare: number;
  tag: string;
}

export type Storm = {
  kind: 'storm';
  name: string;
  seconds: number;
  /** The share of messages that repeat a hot group's alerts (the rest are all new). */
  repeatShare: number;
  /**
   * Alerts per Alertmanager message (1 unless said). A repeat carries its hot group's alerts and
   * new alerts of the same group up to this many, as Alertmanager notifies a group that grew.
   */
  alertsPerRequest?: number;
};
/** Opens `hotAlerts` groups of `perGroup` alerts (one message each) for the repeats to repeat. */
export type SeedHot = { kind: 'seed-hot'; perGroup: number };
export type Phase = Storm | SeedHot;

export interface PhaseResult {
  name: string;
  seconds: number;
  requests: number;
  ok: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  p50: number;
  p975: number;
  p99: number;
  max: number;
  /** deliveryId of every 2xx, to check afterwards that each is on file. */
  accepted: string[];
  /** Alerts in the 2xx answers (more than `ok` when messages carry several). */
  alerts: number;
}
