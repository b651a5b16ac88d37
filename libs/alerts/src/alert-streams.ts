import { createHash } from 'node:crypto';
import type { TopicRoute } from '@sitrep/messaging';

export const ALERT_STREAM_PREFIX = 'alert-';
export const ALERT_GROUP_STREAM_PREFIX = 'alert-group-';

/**
 * Alert and grouping streams are forwarded to a Kafka topic of their own, `<events topic>.alerts`:
 * most of a storm's events, and read only by incident_alerts.
 */
export const ALERT_EVENTS_ROUTE: TopicRoute = { name: 'alerts', streamPrefix: ALERT_STREAM_PREFIX };

const hashOf = (value: string) => createHash('sha256').update(value).digest('hex');

/** One stream per (integration, dedup key): its first append decides the alert is new. */
export const alertStreamId = (integrationId: string, dedupKey: string) =>
  `${ALERT_STREAM_PREFIX}${integrationId}-${hashOf(dedupKey).slice(0, 32)}`;

/** Alerts without a service group together per integration. */
export const alertGroupStreamId = (integrationId: string, service: string) =>
  `${ALERT_GROUP_STREAM_PREFIX}${integrationId}-${hashOf(service).slice(0, 32)}`;

/** A uuid fixed by its seed, so a retried episode proposes the same incident (and note) id. */
export function deterministicUuid(seed: string): string {
  const h = hashOf(seed).slice(0, 32).split('');
  h[12] = '8';
  h[16] = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
