import type { AlertSeverity, NormalizedAlert } from '../../normalized-alert';
import {
  compactLinks,
  definedLabels,
  serviceFromLabels,
  stringLabels,
} from '../shared/alert-fields';
import { sha256Hex } from '../shared/vendor-signature';
import type { PagerDutyEvent, PagerDutySeverity } from './pagerduty.payload';

export const PAGERDUTY = 'pagerduty';

/** PagerDuty's four severities are Sitrep's four, in order. A resolve without payload is SEV3. */
const SEVERITIES: Record<PagerDutySeverity, AlertSeverity> = {
  critical: 'SEV1',
  error: 'SEV2',
  warning: 'SEV3',
  info: 'SEV4',
};

/**
 * The dedup key the sender gave, or one PagerDuty-style (32 hex characters) derived from the
 * exact bytes: a retried delivery gets the same key, a different trigger a new one.
 */
export function pagerDutyDedupKey(event: PagerDutyEvent, rawBody: Buffer): string {
  return event.dedup_key ?? sha256Hex(rawBody).slice(0, 32);
}

/** The custom details that name the service unless the integration says (`serviceFrom`). */
export const PAGERDUTY_SERVICE_DETAILS: readonly string[] = ['service'];

/**
 * A trigger fires and a resolve resolves. An acknowledge carries no alert: it says someone is on
 * it, which Sitrep records on the incident, not on the alert (kept raw with the delivery).
 */
export function mapPagerDutyEvent(
  event: PagerDutyEvent,
  rawBody: Buffer,
  raw: unknown,
  receivedAt: Date,
  serviceFrom: readonly string[] = PAGERDUTY_SERVICE_DETAILS,
): NormalizedAlert[] {
  if (event.event_action === 'acknowledge') return [];
  const dedupKey = pagerDutyDedupKey(event, rawBody);
  const details = event.payload;
  const resolved = event.event_action === 'resolve';
  const happenedAt = details?.timestamp ? new Date(details.timestamp).toISOString() : undefined;
  return [
    {
      source: PAGERDUTY,
      dedupKey,
      status: resolved ? 'resolved' : 'firing',
      severity: details ? SEVERITIES[details.severity] : 'SEV3',
      summary: details?.summary ?? `Resolved: ${dedupKey}`,
      description: describe(details?.custom_details),
      service:
        serviceFromLabels(stringLabels(details?.custom_details), serviceFrom) ?? details?.group,
      labels: definedLabels({
        source: details?.source,
        component: details?.component,
        group: details?.group,
        class: details?.class,
        client: event.client,
      }),
      startedAt: happenedAt ?? receivedAt.toISOString(),
      ...(resolved && happenedAt ? { endedAt: happenedAt } : {}),
      links: compactLinks([
        ...(event.links ?? []).map((link) => ({ href: link.href, text: link.text || link.href })),
        { href: event.client_url, text: event.client || 'Client' },
      ]),
      raw,
    },
  ];
}

/** custom_details as readable lines; nested values as JSON. */
function describe(details: Record<string, unknown> | undefined): string | undefined {
  const lines = Object.entries(details ?? {}).map(
    ([key, value]) => `${key}: ${textOf(value) ?? JSON.stringify(value)}`,
  );
  return lines.length > 0 ? lines.join('\n') : undefined;
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
