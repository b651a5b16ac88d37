/** Header and query names that carry credentials; their values never reach the table. */
const SECRET_NAME = /authorization|cookie|token|secret|password|api[-_]?key|genie/i;

export const REDACTED = '[redacted]';

/** Keeps that a credential was sent (useful when auth fails), never its value. */
export function redact(
  values: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    kept[name] = SECRET_NAME.test(name) ? REDACTED : value;
  }
  return kept;
}

/** Node gives repeated headers as arrays; sources read one string per lower-cased name. */
export function flattenHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** Repeated query parameters keep their first value; anything nested is dropped. */
export function flattenQuery(query: Readonly<Record<string, unknown>>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') flat[name] = first;
  }
  return flat;
}
