import type { AlertSeverity, AlertStatus, NormalizedAlert } from '../../normalized-alert';
import { compactLinks, definedLabels, severityIn } from '../shared/alert-fields';
import { sha256Hex } from '../shared/vendor-signature';
import type { DatadogPayload } from './datadog.payload';
import { canonicalScope, monitorLink, parseDatadogTitle, tagsToLabels } from './datadog.title';

export const DATADOG = 'datadog';

/**
 * Monitor priority decides; a monitor without one is judged by the transition, and without
 * either it is SEV3 like every source's "impact not yet known".
 *
 * | priority | Sitrep |   | no priority: transition            | Sitrep |
 * | -------- | ------ | - | ---------------------------------- | ------ |
 * | P1       | SEV1   |   | Triggered, Re-Triggered, Renotify  | SEV2   |
 * | P2       | SEV2   |   | Warn, Re-Warn, No Data, Re-No Data | SEV3   |
 * | P3       | SEV3   |   | Recovered, anything else           | SEV3   |
 * | P4, P5   | SEV4   |   |                                    |        |
 */
const PRIORITY_SEVERITIES: Record<string, AlertSeverity> = {
  p1: 'SEV1',
  p2: 'SEV2',
  p3: 'SEV3',
  p4: 'SEV4',
  p5: 'SEV4',
};
const TRANSITION_SEVERITIES: Record<string, AlertSeverity> = {
  triggered: 'SEV2',
  're-triggered': 'SEV2',
  renotify: 'SEV2',
};

/** One Datadog notification is one monitor (group) changing state: exactly one alert. */
export function mapDatadogPayload(
  payload: DatadogPayload,
  raw: unknown,
  receivedAt: Date,
): NormalizedAlert[] {
  const title = parseDatadogTitle(payload.title);
  const transition = present(payload.alert_transition) ?? title.transition;
  const priority = present(payload.alert_priority) ?? title.priority;
  const scope = canonicalScope(present(payload.alert_scope) ?? title.scope);
  const monitor = monitorLink(payload.body);
  const monitorId = present(payload.alert_id) ?? monitor?.id;
  const status = statusOf(transition, payload.alert_type);
  const happenedAt = epochMillisToIso(payload.date);
  const tags = tagsToLabels(payload.tags);
  return [
    {
      source: DATADOG,
      dedupKey: dedupKeyOf(monitorId, scope, present(payload.aggreg_key), title.name),
      status,
      severity: severityOf(priority, transition),
      summary: title.name,
      description: messageText(payload.body),
      service: tags.service || tagsToLabels(scope).service || undefined,
      labels: definedLabels({
        ...tags,
        'datadog.monitor_id': monitorId,
        'datadog.transition': transition,
        'datadog.priority': priority,
        'datadog.scope': scope,
        'datadog.event_type': present(payload.event_type),
        'datadog.host': present(payload.hostname),
      }),
      startedAt: happenedAt ?? receivedAt.toISOString(),
      ...(status === 'resolved' && happenedAt ? { endedAt: happenedAt } : {}),
      links: compactLinks([
        { href: monitor?.href, text: 'Monitor' },
        { href: present(payload.link), text: 'Event' },
      ]),
      raw,
    },
  ];
}

/**
 * The monitor and its group identify the alert across trigger, re-trigger and recovery, whichever
 * template was used. The aggregation key is the next best; the title is the last resort.
 */
function dedupKeyOf(
  monitorId: string | undefined,
  scope: string | undefined,
  aggregationKey: string | undefined,
  name: string,
): string {
  if (monitorId) return scope ? `monitor:${monitorId}:${scope}` : `monitor:${monitorId}`;
  if (aggregationKey) return `aggregation:${aggregationKey}`;
  return `title:${sha256Hex(name).slice(0, 32)}`;
}

function statusOf(transition: string | undefined, alertType: string | undefined): AlertStatus {
  if (transition) return transition.toLowerCase() === 'recovered' ? 'resolved' : 'firing';
  return alertType?.toLowerCase() === 'success' ? 'resolved' : 'firing';
}

function severityOf(priority: string | undefined, transition: string | undefined): AlertSeverity {
  return (
    severityIn(PRIORITY_SEVERITIES, priority?.toLowerCase()) ??
    severityIn(TRANSITION_SEVERITIES, transition?.toLowerCase()) ??
    'SEV3'
  );
}

/** Datadog leaves a variable empty, or "None", when it has no value for it. */
function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed && trimmed !== 'None' && trimmed !== 'null' ? trimmed : undefined;
}

function epochMillisToIso(value: string | undefined): string | undefined {
  if (!value || !/^\d{10,16}$/.test(value.trim())) return undefined;
  return new Date(Number(value.trim())).toISOString();
}

function messageText(body: string | undefined): string | undefined {
  const text = (body ?? '')
    .replace(/^\s*%%%\s*/, '')
    .replace(/\s*%%%\s*$/, '')
    .trim();
  return text || undefined;
}
