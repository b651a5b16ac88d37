/*
 * Field validation shared by the deciders. Commands come from HTTP, alert mappers, reactors and
 * timers; each domain protects its own invariants and throws its own INVALID_COMMAND error, so the
 * checks are built around the error factory of the domain that uses them. Lengths are counted after
 * trimming, in UTF-16 code units (the same unit class-validator counts in), and the trimmed text is
 * what gets recorded.
 */

export type InvalidCommand = (field: string, reason: string) => Error;

export type Bounds = { readonly min: number; readonly max: number };

export type Validators = ReturnType<typeof createValidators>;

export function createValidators(invalid: InvalidCommand) {
  function requiredText(field: string, value: unknown, { min, max }: Bounds): string {
    if (typeof value !== 'string') throw invalid(field, 'must be a string');
    const text = value.trim();
    if (text.length < min || text.length > max) {
      throw invalid(
        field,
        `must be between ${min} and ${max} characters after trimming (got ${text.length})`,
      );
    }
    return text;
  }

  /** Absent, or blank, means none. */
  function optionalText(field: string, value: unknown, max: number): string | undefined {
    if (value === undefined || value === null) return undefined;
    const text = requiredText(field, value, { min: 0, max });
    return text === '' ? undefined : text;
  }

  /** Ids and actors: any non-blank string; their format belongs to whoever issues them. */
  function requiredId(field: string, value: unknown): string {
    if (typeof value !== 'string' || value.trim() === '') {
      throw invalid(field, 'must be a non-empty string');
    }
    return value;
  }

  function wholeNumber(field: string, value: unknown, { min, max }: Bounds): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw invalid(field, `must be a whole number from ${min} to ${max}`);
    }
    return value;
  }

  function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      throw invalid(field, `must be one of ${allowed.join(', ')}`);
    }
    return value as T;
  }

  function list<T>(
    field: string,
    value: unknown,
    maxCount: number,
    item: (itemField: string, itemValue: unknown) => T,
  ): T[] {
    if (!Array.isArray(value)) throw invalid(field, 'must be an array');
    if (value.length > maxCount) {
      throw invalid(field, `must have at most ${maxCount} entries (got ${value.length})`);
    }
    return value.map((entry, i) => item(`${field}[${i}]`, entry));
  }

  function isoTime(field: string, value: unknown): string {
    const normalised = parseIsoTime(value);
    if (normalised === null) {
      throw invalid(
        field,
        'must be an ISO-8601 date-time with a time zone, e.g. 2024-05-01T09:30:00Z',
      );
    }
    return normalised;
  }

  function optionalIsoTime(field: string, value: unknown): string | undefined {
    return value === undefined || value === null ? undefined : isoTime(field, value);
  }

  return {
    requiredText,
    optionalText,
    requiredId,
    wholeNumber,
    oneOf,
    list,
    isoTime,
    optionalIsoTime,
    invalid,
  };
}

const ISO_TIME =
  /^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})T(?<hour>\d{2}):(?<minute>\d{2})(?::(?<second>\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](?<offsetHour>\d{2}):(?<offsetMinute>\d{2}))$/;

/**
 * An ISO-8601 date-time with a time zone (a local time is ambiguous across the team's zones),
 * normalised to UTC (`toISOString`) so recorded times compare and sort as strings; else null.
 */
export function parseIsoTime(value: unknown): string | null {
  const match = typeof value === 'string' ? ISO_TIME.exec(value) : null;
  if (match?.groups === undefined || !isRealDateTime(match.groups)) return null;
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

/** Arithmetic on recorded (UTC, normalised) times; no clock involved. */
export function addMinutes(isoUtc: string, minutes: number): string {
  return new Date(Date.parse(isoUtc) + minutes * 60_000).toISOString();
}

export function minutesBetween(fromIsoUtc: string, toIsoUtc: string): number {
  return (Date.parse(toIsoUtc) - Date.parse(fromIsoUtc)) / 60_000;
}
