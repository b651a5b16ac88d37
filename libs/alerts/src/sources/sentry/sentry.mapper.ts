import type { AlertSeverity, NormalizedAlert } from '../../normalized-alert';
import { compactLinks, definedLabels, severityIn } from '../shared/alert-fields';
import { isoOf } from '../shared/alert-times';
import type {
  SentryDelivery,
  SentryEventAlertPayload,
  SentryIssuePayload,
  SentryMetricAlertPayload,
} from './sentry.payload';

export const SENTRY = 'sentry';

/**
 * An event's level describes one error, not its impact, so issue alerts stay below SEV1; a
 * metric alert's critical threshold is the rule author saying it is an outage.
 *
 * | issue alert: event level | Sitrep |   | metric alert: action  | Sitrep |
 * | ------------------------ | ------ | - | --------------------- | ------ |
 * | fatal                    | SEV2   |   | critical              | SEV1   |
 * | error, missing           | SEV3   |   | warning               | SEV3   |
 * | warning, info, debug     | SEV4   |   | resolved              | SEV3   |
 */
const LEVEL_SEVERITIES: Record<string, AlertSeverity> = {
  fatal: 'SEV2',
  error: 'SEV3',
  warning: 'SEV4',
  info: 'SEV4',
  debug: 'SEV4',
};
const METRIC_SEVERITIES: Record<string, AlertSeverity> = { critical: 'SEV1', warning: 'SEV3' };

/** Issue lifecycle actions that close an alert; Sentry's alert rules alone decide what fires. */
const ISSUE_CLOSING_ACTIONS = new Set(['resolved', 'archived', 'ignored']);

export function mapSentryDelivery(
  delivery: SentryDelivery,
  raw: unknown,
  receivedAt: Date,
): NormalizedAlert[] {
  switch (delivery.resource) {
    case 'event_alert':
      return [fromIssueAlert(delivery.body, raw, receivedAt)];
    case 'metric_alert':
      return fromMetricAlert(delivery.body, raw, receivedAt);
    case 'issue':
      return fromIssue(delivery.body, raw, receivedAt);
    case 'other':
      return [];
    default: {
      const unknownResource: never = delivery;
      throw new Error(`Unknown Sentry resource ${JSON.stringify(unknownResource)}`);
    }
  }
}

function fromIssueAlert(
  body: SentryEventAlertPayload,
  raw: unknown,
  receivedAt: Date,
): NormalizedAlert {
  const { event, triggered_rule: rule } = body.data;
  const project = projectFromApiUrl(event.url);
  return {
    source: SENTRY,
    dedupKey: `issue:${event.issue_id}`,
    status: 'firing',
    severity: levelSeverity(event.level),
    summary: event.title || rule || `Sentry issue ${event.issue_id}`,
    description: lines([
      rule && `Alert rule: ${rule}`,
      event.culprit && `Culprit: ${event.culprit}`,
    ]),
    service: project,
    labels: definedLabels({
      ...tagLabels(event.tags),
      'sentry.issue_id': event.issue_id,
      'sentry.level': event.level,
      'sentry.project': project,
      'sentry.rule': rule,
    }),
    startedAt: isoOf(event.datetime) ?? receivedAt.toISOString(),
    links: compactLinks([{ href: event.web_url, text: 'Sentry event' }]),
    raw,
  };
}

function fromMetricAlert(
  body: SentryMetricAlertPayload,
  raw: unknown,
  receivedAt: Date,
): NormalizedAlert[] {
  const resolved = body.action === 'resolved';
  const severity = severityIn(METRIC_SEVERITIES, body.action);
  if (!resolved && !severity) return [];
  const { metric_alert: incident, description_text, web_url } = body.data;
  const rule = incident.alert_rule;
  const closedAt = resolved ? isoOf(incident.date_closed) : undefined;
  return [
    {
      source: SENTRY,
      dedupKey: `metric-alert:${rule.id}`,
      status: resolved ? 'resolved' : 'firing',
      severity: severity ?? 'SEV3',
      summary: rule.name,
      description: description_text || undefined,
      service: rule.projects?.[0],
      labels: definedLabels({
        'sentry.alert_rule_id': rule.id,
        'sentry.projects': rule.projects?.join(','),
        'sentry.environment': rule.environment ?? undefined,
        'sentry.action': body.action,
      }),
      startedAt: isoOf(incident.date_started ?? incident.date_detected) ?? receivedAt.toISOString(),
      ...(closedAt ? { endedAt: closedAt } : {}),
      links: compactLinks([{ href: web_url, text: 'Sentry alert' }]),
      raw,
    },
  ];
}

function fromIssue(body: SentryIssuePayload, raw: unknown, receivedAt: Date): NormalizedAlert[] {
  if (!ISSUE_CLOSING_ACTIONS.has(body.action)) return [];
  const { issue } = body.data;
  return [
    {
      source: SENTRY,
      dedupKey: `issue:${issue.id}`,
      status: 'resolved',
      severity: levelSeverity(issue.level),
      summary: issue.title || `Sentry issue ${issue.shortId ?? issue.id}`,
      description: lines([issue.culprit && `Culprit: ${issue.culprit}`]),
      service: issue.project?.slug,
      labels: definedLabels({
        'sentry.issue_id': issue.id,
        'sentry.short_id': issue.shortId,
        'sentry.level': issue.level,
        'sentry.project': issue.project?.slug,
        'sentry.action': body.action,
      }),
      startedAt: isoOf(issue.firstSeen) ?? receivedAt.toISOString(),
      links: compactLinks([
        { href: issue.web_url ?? issue.permalink ?? undefined, text: 'Sentry issue' },
      ]),
      raw,
    },
  ];
}

function levelSeverity(level: string | undefined): AlertSeverity {
  return severityIn(LEVEL_SEVERITIES, level?.toLowerCase()) ?? 'SEV3';
}

/** The event payload names its project only in its API URL. */
function projectFromApiUrl(url: string | undefined): string | undefined {
  return /\/projects\/[^/]+\/([^/]+)\//.exec(url ?? '')?.[1];
}

function tagLabels(tags: unknown[] | undefined): Record<string, string> {
  const pairs = (tags ?? []).filter(
    (tag): tag is [string, string] =>
      Array.isArray(tag) && typeof tag[0] === 'string' && typeof tag[1] === 'string',
  );
  return Object.fromEntries(pairs);
}

function lines(parts: (string | undefined | false)[]): string | undefined {
  const text = parts.filter((part): part is string => !!part).join('\n');
  return text || undefined;
}
