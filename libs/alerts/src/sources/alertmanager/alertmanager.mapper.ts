import type { AlertLink, NormalizedAlert } from '../../normalized-alert';
import type { AlertmanagerAlert, AlertmanagerPayload } from './alertmanager.payload';
import {
  labelSetKey,
  meaningfulTime,
  serviceFromLabels,
  severityFromLabel,
} from './label-severity';
import { isPlainObject } from './vendor-json';

export const ALERTMANAGER = 'alertmanager';

/**
 * One normalized alert per alert in the message: a group notification mixes firing and resolved
 * alerts, and each keeps its own identity (its fingerprint).
 */
export function mapAlertmanagerPayload(
  payload: AlertmanagerPayload,
  raw: unknown,
  receivedAt: Date,
): NormalizedAlert[] {
  const rawAlerts = rawAlertsOf(raw);
  return payload.alerts.map((alert, index) =>
    toNormalizedAlert(ALERTMANAGER, alert, rawAlerts[index] ?? alert, receivedAt),
  );
}

/** Shared with Grafana, whose contact point sends Alertmanager's alert shape. */
export function toNormalizedAlert(
  source: string,
  alert: AlertmanagerAlert,
  raw: unknown,
  receivedAt: Date,
  extraLinks: CandidateLink[] = [],
): NormalizedAlert {
  const annotations = alert.annotations ?? {};
  const endedAt = alert.status === 'resolved' ? meaningfulTime(alert.endsAt) : undefined;
  return {
    source,
    dedupKey: alert.fingerprint || labelSetKey(alert.labels),
    status: alert.status,
    severity: severityFromLabel(alert.labels.severity),
    summary: annotations.summary || annotations.title || alert.labels.alertname || 'Unnamed alert',
    description: annotations.description || annotations.message || undefined,
    service: serviceFromLabels(alert.labels),
    labels: { ...alert.labels },
    startedAt: meaningfulTime(alert.startsAt) ?? receivedAt.toISOString(),
    ...(endedAt ? { endedAt } : {}),
    links: compactLinks([
      { href: alert.generatorURL, text: 'Source' },
      { href: annotations.runbook_url, text: 'Runbook' },
      ...extraLinks,
    ]),
    raw,
  };
}

export function rawAlertsOf(raw: unknown): unknown[] {
  return isPlainObject(raw) && Array.isArray(raw.alerts) ? raw.alerts : [];
}

/** A link the vendor may have left empty. */
export interface CandidateLink {
  href?: string;
  text: string;
}

export function compactLinks(links: CandidateLink[]): AlertLink[] {
  return links
    .filter((link): link is AlertLink & { text: string } => !!link.href && link.href.trim() !== '')
    .map(({ href, text }) => ({ href, text }));
}
