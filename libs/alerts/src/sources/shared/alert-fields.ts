import type { AlertLink, AlertSeverity } from '../../normalized-alert';

/** Every source's "something is wrong, its impact is not yet known". */
export const DEFAULT_SEVERITY: AlertSeverity = 'SEV3';

/**
 * The severity a vendor's word maps to, if the table names it. Its own entries only: a word such
 * as `__proto__` or `constructor` is not a severity (an indexed read would return Object's).
 */
export function severityIn(
  table: Readonly<Record<string, AlertSeverity>>,
  word: string | undefined,
): AlertSeverity | undefined {
  return word !== undefined && Object.hasOwn(table, word) ? table[word] : undefined;
}

/** Labels are strings; vendors send numbers, booleans and nulls in theirs. */
export function stringLabels(record: unknown, prefix = ''): Record<string, string> {
  if (typeof record !== 'object' || record === null) return {};
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) {
    if (value === null || value === undefined || typeof value === 'object') continue;
    labels[`${prefix}${key}`] = String(value);
  }
  return labels;
}

/** The labels that have a value. */
export function definedLabels(labels: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(labels).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
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

/** Where the service name usually lives in a Prometheus-style label set. */
export const DEFAULT_SERVICE_LABELS: readonly string[] = ['service', 'app', 'job'];

/**
 * The first of `names` that the labels give a non-blank value: an integration's `serviceFrom`,
 * since which label names the service is the sender's convention (kube-state-metrics alerts carry
 * `job: kube-state-metrics`, the exporter, not the service that is down).
 */
export function serviceFromLabels(
  labels: Readonly<Record<string, string>>,
  names: readonly string[] = DEFAULT_SERVICE_LABELS,
): string | undefined {
  for (const name of names) {
    const value = Object.hasOwn(labels, name) ? labels[name] : undefined;
    if (value !== undefined && value.trim() !== '') return value;
  }
  return undefined;
}
