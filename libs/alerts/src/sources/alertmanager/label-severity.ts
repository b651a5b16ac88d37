import type { AlertSeverity } from '../../normalized-alert';
import { severityIn } from '../shared/alert-fields';
import { sha256Hex } from '../shared/vendor-signature';

/**
 * The `severity` label, as Prometheus and Grafana rules write it (case-insensitive). A rule that
 * already speaks Sitrep (`severity: SEV2`) is taken at its word. A missing or unknown label is
 * SEV3, as in every other source: something is wrong, its impact is not yet known.
 *
 * | severity label                               | Sitrep |
 * | -------------------------------------------- | ------ |
 * | critical, page, p1, sev1                     | SEV1   |
 * | error, high, major, p2, sev2                 | SEV2   |
 * | warning, warn, medium, minor, p3, sev3       | SEV3   |
 * | info, low, none, p4, p5, sev4                | SEV4   |
 * | missing, anything else                       | SEV3   |
 */
const LABEL_SEVERITIES: Record<string, AlertSeverity> = {
  critical: 'SEV1',
  page: 'SEV1',
  p1: 'SEV1',
  sev1: 'SEV1',
  error: 'SEV2',
  high: 'SEV2',
  major: 'SEV2',
  p2: 'SEV2',
  sev2: 'SEV2',
  warning: 'SEV3',
  warn: 'SEV3',
  medium: 'SEV3',
  minor: 'SEV3',
  p3: 'SEV3',
  sev3: 'SEV3',
  info: 'SEV4',
  low: 'SEV4',
  none: 'SEV4',
  p4: 'SEV4',
  p5: 'SEV4',
  sev4: 'SEV4',
};

export function severityFromLabel(value: string | undefined): AlertSeverity {
  return severityIn(LABEL_SEVERITIES, value?.trim().toLowerCase()) ?? 'SEV3';
}

/**
 * The identity of a label set when the sender gave no fingerprint: order-independent, so the same
 * labels always give the same key (as Alertmanager's own fingerprint does).
 */
export function labelSetKey(labels: Record<string, string>): string {
  const canonical = Object.keys(labels)
    .sort()
    .map((name) => [name, labels[name]]);
  return `labels:${sha256Hex(JSON.stringify(canonical)).slice(0, 32)}`;
}

/** Go's zero time (`0001-01-01T00:00:00Z`) means "not set" in Alertmanager and Grafana. */
export function meaningfulTime(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const time = new Date(value);
  if (Number.isNaN(time.getTime()) || time.getUTCFullYear() <= 1) return undefined;
  return time.toISOString();
}
