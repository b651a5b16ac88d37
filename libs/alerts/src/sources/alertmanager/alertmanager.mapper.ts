import type { NormalizedAlert } from '../../normalized-alert';
import { compactLinks, serviceFromLabels, type CandidateLink } from '../shared/alert-fields';
import { isPlainObject } from '../shared/vendor-json';
import type { AlertmanagerAlert, AlertmanagerPayload } from './alertmanager.payload';
import { labelSetKey, meaningfulTime, severityFromLabel } from './label-severity';

export const ALERTMANAGER = 'alertmanager';

/**
 * One normalized alert per alert in the message: a group notification mixes firing and resolved
 * alerts, and each keeps its own identity (its fingerprint).
 */
export function mapAlertmanagerPayload(
  payload: AlertmanagerPayload,
  raw: unknown,
  receivedAt: Date,
  serviceFrom?: readonly string[],
): NormalizedAlert[] {
  return mapAlertList(ALERTMANAGER, payload.alerts, raw, receivedAt, { serviceFrom });
}

export interface AlertListOptions<A> {
  /** Links of the vendor's own beyond Alertmanager's. */
  linksOf?: (alert: A) => CandidateLink[];
  /** The integration's `serviceFrom`; default `service`, `app`, `job`. */
  serviceFrom?: readonly string[];
}

/**
 * Shared with Grafana, whose contact point sends Alertmanager's alert shape: each alert keeps its
 * own slice of the raw body, and may add links of its own.
 */
export function mapAlertList<A extends AlertmanagerAlert>(
  source: string,
  alerts: A[],
  raw: unknown,
  receivedAt: Date,
  { linksOf = () => [], serviceFrom }: AlertListOptions<A> = {},
): NormalizedAlert[] {
  const rawAlerts = rawAlertsOf(raw);
  return alerts.map((alert, index) =>
    toNormalizedAlert(source, alert, rawAlerts[index] ?? alert, receivedAt, {
      links: linksOf(alert),
      service: serviceFromLabels(alert.labels, serviceFrom),
    }),
  );
}

function toNormalizedAlert(
  source: string,
  alert: AlertmanagerAlert,
  raw: unknown,
  receivedAt: Date,
  { links, service }: { links: CandidateLink[]; service: string | undefined },
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
    service,
    labels: { ...alert.labels },
    startedAt: meaningfulTime(alert.startsAt) ?? receivedAt.toISOString(),
    ...(endedAt ? { endedAt } : {}),
    links: compactLinks([
      { href: alert.generatorURL, text: 'Source' },
      { href: annotations.runbook_url, text: 'Runbook' },
      ...links,
    ]),
    raw,
  };
}

function rawAlertsOf(raw: unknown): unknown[] {
  return isPlainObject(raw) && Array.isArray(raw.alerts) ? raw.alerts : [];
}
