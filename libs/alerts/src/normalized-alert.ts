import { createHash } from 'node:crypto';

/** Sitrep's severities; SEV1 is the worst. Each source documents how its own levels map here. */
export type AlertSeverity = 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';

export type AlertStatus = 'firing' | 'resolved';

export interface AlertLink {
  href: string;
  text?: string;
}

/**
 * One alert as every source reduces to it. `dedupKey` identifies the alert across deliveries
 * (the same problem firing again, or resolving); it is namespaced by the integration later, so a
 * source only has to make it unique within itself.
 */
export interface NormalizedAlert {
  source: string;
  dedupKey: string;
  status: AlertStatus;
  severity: AlertSeverity;
  summary: string;
  description?: string;
  service?: string;
  labels: Record<string, string>;
  /** ISO 8601. When the source says the problem started (else when Sitrep received it). */
  startedAt: string;
  /** ISO 8601, for resolved alerts when the source says. */
  endedAt?: string;
  links: AlertLink[];
  /** The part of the delivery this alert came from (the whole payload, or one alert of a batch). */
  raw: unknown;
}

/**
 * An accepted alert waiting in the delivery queue: the normalized alert without its raw part
 * (the delivery keeps the body), with the hash that tells a changed payload from a repeat.
 */
export type QueuedAlert = Omit<NormalizedAlert, 'raw'> & { payloadHash: string };

/** The hash of an alert's raw part, as QueuedAlert.payloadHash keeps it. */
export const payloadHashOf = (raw: unknown) =>
  createHash('sha256')
    .update(JSON.stringify(raw ?? null))
    .digest('hex');

const STATUSES: readonly unknown[] = ['firing', 'resolved'] satisfies AlertStatus[];
const SEVERITIES: readonly unknown[] = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] satisfies AlertSeverity[];
const isString = (value: unknown): value is string => typeof value === 'string';
const isTime = (value: unknown) => isString(value) && !Number.isNaN(Date.parse(value));
/** What an incident would record of it once trimmed (JavaScript's trim, as the incident's own). */
const isBlank = (value: unknown) => isString(value) && value.trim() === '';

/**
 * What is wrong with an alert a source mapped, field by field (empty when it keeps the contract
 * above). The intake refuses a delivery whose alerts do not keep it, and the processor records one
 * that reached it anyway as failed, rather than stopping every delivery behind it.
 */
export function normalizedAlertProblems(
  alert: Partial<Record<keyof QueuedAlert, unknown>>,
): string[] {
  const problems: string[] = [];
  const expect = (ok: boolean, field: string, what: string) => {
    if (!ok) problems.push(`${field} ${what}`);
  };
  expect(
    isString(alert.dedupKey) && alert.dedupKey !== '',
    'dedupKey',
    'must be a non-empty string',
  );
  // An incident an alert opens is titled by its summary, else its dedup key, and names its
  // service: the incident refuses a title or a service that trims to nothing, so the intake refuses
  // such an alert rather than have the processor record its delivery failed.
  expect(
    alert.dedupKey === '' || !isBlank(alert.dedupKey),
    'dedupKey',
    'must not be only whitespace',
  );
  expect(STATUSES.includes(alert.status), 'status', 'must be firing or resolved');
  expect(SEVERITIES.includes(alert.severity), 'severity', 'must be one of SEV1, SEV2, SEV3, SEV4');
  expect(isString(alert.summary), 'summary', 'must be a string');
  expect(
    alert.description === undefined || isString(alert.description),
    'description',
    'must be a string',
  );
  expect(alert.service === undefined || isString(alert.service), 'service', 'must be a string');
  expect(!isBlank(alert.service), 'service', 'must not be only whitespace');
  const labels = alert.labels;
  expect(
    typeof labels === 'object' &&
      labels !== null &&
      !Array.isArray(labels) &&
      Object.values(labels).every(isString),
    'labels',
    'must be an object of strings',
  );
  expect(isTime(alert.startedAt), 'startedAt', 'must be an ISO 8601 time');
  expect(
    alert.endedAt === undefined || isTime(alert.endedAt),
    'endedAt',
    'must be an ISO 8601 time',
  );
  expect(
    Array.isArray(alert.links) &&
      alert.links.every(
        (link: { href?: unknown; text?: unknown } | null) =>
          typeof link === 'object' &&
          link !== null &&
          isString(link.href) &&
          (link.text === undefined || isString(link.text)),
      ),
    'links',
    'must be a list of {href, text?} strings',
  );
  return problems;
}

/** normalizedAlertProblems of each alert of a delivery, named by its place (`alerts.0.summary …`). */
export function alertsProblems(
  alerts: readonly Partial<Record<keyof QueuedAlert, unknown>>[],
): string[] {
  return alerts.flatMap((alert, i) =>
    normalizedAlertProblems(alert).map((problem) => `alerts.${i}.${problem}`),
  );
}

/**
 * How much of an alert Sitrep keeps (the raw body keeps everything). Bounded, an alert's events
 * stay far below what Kafka takes in one message, whatever a sender puts in a 1 MiB body.
 */
export const ALERT_LIMITS = {
  /** A longer key is replaced by `sha256:<hex>` of it: still the same key for the same alert. */
  dedupKeyMaxLength: 255,
  summaryMaxLength: 2_000,
  descriptionMaxLength: 10_000,
  serviceMaxLength: 200,
  labels: 100,
  labelKeyMaxLength: 200,
  labelValueMaxLength: 1_000,
  links: 20,
  /** A longer link is left out: a clipped URL would lead somewhere else. */
  linkHrefMaxLength: 2_000,
  linkTextMaxLength: 200,
} as const;

export const clipped = (text: string, max: number) =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;

/**
 * An alert as a mapper made it, tidied: optional fields that came out null are left out, labels
 * whose value is not a string are dropped, the service is trimmed (one of only whitespace is no
 * service: the alert groups with the integration's alerts without one), and everything is held
 * to ALERT_LIMITS. What does not keep the contract even so is left for normalizedAlertProblems
 * to name.
 */
export function tidiedAlert(alert: NormalizedAlert): NormalizedAlert {
  const tidied: Record<string, unknown> = { ...alert };
  for (const field of ['description', 'service', 'endedAt']) {
    if (tidied[field] === null) delete tidied[field];
  }
  const { dedupKey, summary, description, service, labels, links } = tidied;
  if (isString(dedupKey) && dedupKey.length > ALERT_LIMITS.dedupKeyMaxLength) {
    tidied.dedupKey = `sha256:${createHash('sha256').update(dedupKey).digest('hex')}`;
  }
  if (isString(summary)) tidied.summary = clipped(summary, ALERT_LIMITS.summaryMaxLength);
  if (isString(description)) {
    tidied.description = clipped(description, ALERT_LIMITS.descriptionMaxLength);
  }
  if (isString(service)) {
    // Trimmed, as the incident records it: " checkout" groups with "checkout".
    const name = service.trim();
    if (name === '') delete tidied.service;
    else tidied.service = clipped(name, ALERT_LIMITS.serviceMaxLength);
  }
  if (typeof labels === 'object' && labels !== null && !Array.isArray(labels)) {
    tidied.labels = Object.fromEntries(
      Object.entries(labels)
        .filter((entry): entry is [string, string] => isString(entry[1]))
        .slice(0, ALERT_LIMITS.labels)
        .map(([key, value]) => [
          clipped(key, ALERT_LIMITS.labelKeyMaxLength),
          clipped(value, ALERT_LIMITS.labelValueMaxLength),
        ]),
    );
  }
  if (Array.isArray(links)) {
    tidied.links = (links as { href?: unknown; text?: unknown }[])
      .filter((link) => !isString(link?.href) || link.href.length <= ALERT_LIMITS.linkHrefMaxLength)
      .slice(0, ALERT_LIMITS.links)
      .map((link) =>
        isString(link?.text)
          ? { ...link, text: clipped(link.text, ALERT_LIMITS.linkTextMaxLength) }
          : link,
      );
  }
  return tidied as unknown as NormalizedAlert;
}
