import { createHash } from 'node:crypto';
import { CREDENTIAL_NAME, REDACTED } from '@sitrep/platform';

/**
 * JSON body fields that carry the sender's credential (PagerDuty's Events API v2 `routing_key`,
 * v1 `service_key`), in any source's body: the key would otherwise sit in clear in every record.
 */
const BODY_CREDENTIAL = /"(routing_key|service_key)"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g;
const MAY_HOLD_CREDENTIAL = ['"routing_key"', '"service_key"'];

/** Keeps that a credential was sent (useful when auth fails), never its value. */
export function redact(
  values: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    kept[name] = CREDENTIAL_NAME.test(name) ? REDACTED : value;
  }
  return kept;
}

/**
 * The body as it is stored: the received bytes with each credential field's string value replaced
 * by `[redacted:sha256:<first 12 hex of the value>]`, every other byte as received. Deterministic,
 * so a retry of the same bytes stores the same bytes (and the same sha256, which the record keeps
 * of the stored body). Latin-1 maps each byte to one character and back, so non-UTF-8 bodies
 * survive the round trip untouched.
 */
export function storedBodyOf(rawBody: Buffer): Buffer {
  if (!MAY_HOLD_CREDENTIAL.some((field) => rawBody.includes(field))) return rawBody;
  const text = rawBody.toString('latin1');
  const redacted = text.replace(
    BODY_CREDENTIAL,
    (_match, field: string, colon: string, value: string) =>
      `"${field}"${colon}"[redacted:sha256:${credentialHash(value)}]"`,
  );
  return redacted === text ? rawBody : Buffer.from(redacted, 'latin1');
}

/** Of the value as the source reads it (JSON-decoded UTF-8), so it can be matched to a key. */
function credentialHash(latin1Value: string): string {
  const utf8 = Buffer.from(latin1Value, 'latin1').toString('utf8');
  let value = utf8;
  try {
    value = JSON.parse(`"${utf8}"`) as string;
  } catch {
    // An escape JSON does not know: hash the text as sent.
  }
  return createHash('sha256').update(value).digest('hex').slice(0, 12);
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
