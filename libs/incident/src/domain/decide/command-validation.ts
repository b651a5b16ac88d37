import { incidentErrors } from '../incident.errors';
import { isSeverity, type Severity } from '../severity';

/*
 * The HTTP layer validates too, but commands also come from alert mappers, reactors and timers;
 * the domain protects its own invariants. Lengths are counted after trimming, in UTF-16 code units
 * (the same unit class-validator counts in), and the trimmed text is what gets recorded.
 */

type Bounds = { readonly min: number; readonly max: number };

export function requiredText(field: string, value: unknown, { min, max }: Bounds): string {
  if (typeof value !== 'string') throw incidentErrors.invalidCommand(field, 'must be a string');
  const text = value.trim();
  if (text.length < min || text.length > max) {
    throw incidentErrors.invalidCommand(
      field,
      `must be between ${min} and ${max} characters after trimming (got ${text.length})`,
    );
  }
  return text;
}

/** Absent, or blank, means none. */
export function optionalText(field: string, value: unknown, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = requiredText(field, value, { min: 0, max });
  return text === '' ? undefined : text;
}

/** Ids and actors: any non-blank string; their format belongs to whoever issues them. */
export function requiredId(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw incidentErrors.invalidCommand(field, 'must be a non-empty string');
  }
  return value;
}

export function requiredSeverity(field: string, value: unknown): Severity {
  if (!isSeverity(value)) {
    throw incidentErrors.invalidCommand(field, 'must be one of SEV1, SEV2, SEV3, SEV4');
  }
  return value;
}

/** Trimmed, duplicates dropped (first occurrence wins, so the reporter's order is kept). */
export function serviceList(field: string, value: unknown, limits: ServiceLimits): string[] {
  if (!Array.isArray(value)) throw incidentErrors.invalidCommand(field, 'must be an array');
  if (value.length > limits.maxCount) {
    throw incidentErrors.invalidCommand(
      field,
      `must have at most ${limits.maxCount} entries (got ${value.length})`,
    );
  }
  const names = value.map((name, i) =>
    requiredText(`${field}[${i}]`, name, { min: 1, max: limits.maxLength }),
  );
  return [...new Set(names)];
}

type ServiceLimits = { readonly maxCount: number; readonly maxLength: number };

const ISO_TIME =
  /^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})T(?<hour>\d{2}):(?<minute>\d{2})(?::(?<second>\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](?<offsetHour>\d{2}):(?<offsetMinute>\d{2}))$/;

/**
 * An ISO-8601 date-time with a time zone (a local time is ambiguous across the team's zones).
 * Returns it normalised to UTC (`toISOString`), so recorded times compare and sort as strings.
 */
export function isoTime(field: string, value: unknown): string {
  const match = typeof value === 'string' ? ISO_TIME.exec(value) : null;
  if (match?.groups === undefined || !isRealDateTime(match.groups)) {
    throw incidentErrors.invalidCommand(
      field,
      'must be an ISO-8601 date-time with a time zone, e.g. 2024-05-01T09:30:00Z',
    );
  }
  return new Date(Date.parse(match[0])).toISOString();
}

// Date.parse rolls 2024-02-30 over into March instead of rejecting it.
function isRealDateTime(groups: Record<string, string | undefined>): boolean {
  const part = (name: string) => Number(groups[name] ?? 0);
  const lastDayOfMonth = new Date(0);
  lastDayOfMonth.setUTCFullYear(part('year'), part('month'), 0);
  return (
    part('month') >= 1 &&
    part('month') <= 12 &&
    part('day') >= 1 &&
    part('day') <= lastDayOfMonth.getUTCDate() &&
    part('hour') <= 23 &&
    part('minute') <= 59 &&
    part('second') <= 59 &&
    part('offsetHour') <= 23 &&
    part('offsetMinute') <= 59
  );
}
