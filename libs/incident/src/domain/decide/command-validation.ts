import { incidentErrors } from '../incident.errors';
import { isSeverity, type Severity } from '../severity';
import { createValidators } from '../shared/validation';

/*
 * The HTTP layer validates too, but commands also come from alert mappers, reactors and timers;
 * the domain protects its own invariants (see shared/validation.ts for how text is counted).
 */

export const incidentValidators = createValidators(incidentErrors.invalidCommand);

export const {
  requiredText,
  optionalText,
  requiredId,
  wholeNumber,
  oneOf,
  list,
  isoTime,
  optionalIsoTime,
} = incidentValidators;

export function requiredSeverity(field: string, value: unknown): Severity {
  if (!isSeverity(value)) {
    throw incidentErrors.invalidCommand(field, 'must be one of SEV1, SEV2, SEV3, SEV4');
  }
  return value;
}

/** Trimmed, duplicates dropped (first occurrence wins, so the reporter's order is kept). */
export function serviceList(field: string, value: unknown, limits: ServiceLimits): string[] {
  const names = list(field, value, limits.maxCount, (itemField, name) =>
    requiredText(itemField, name, { min: 1, max: limits.maxLength }),
  );
  return [...new Set(names)];
}

type ServiceLimits = { readonly maxCount: number; readonly maxLength: number };

/** A list of people (attendees...): ids, trimmed of nothing, each once, at least `min`. */
export function peopleList(field: string, value: unknown, min: number, max: number): string[] {
  const people = [...new Set(list(field, value, max, requiredId))];
  if (people.length < min) throw incidentErrors.invalidCommand(field, `must name at least ${min}`);
  return people;
}

export function optionalId(field: string, value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : requiredId(field, value);
}

/** Reasons, summaries and other free text the process asks for. */
export const textLimits = {
  reason: { min: 1, max: 2_000 },
  summary: { min: 1, max: 5_000 },
  body: { min: 1, max: 10_000 },
  label: { min: 1, max: 200 },
} as const;
