/**
 * PostgreSQL's text and jsonb cannot hold U+0000, and jsonb refuses a UTF-16 surrogate without its
 * other half; both are valid in JSON (`"\u0000"`, `"\ud800"`). A value that carries one makes its
 * whole statement fail, and with it every row the statement carried.
 */

const NUL = '\\u0000';
/** An escape JSON.stringify writes only for a surrogate without its other half. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
/** Such an escape, or NUL's, not itself escaped (an even run of backslashes before it). */
const UNSTORABLE_ESCAPES = /(?<!\\)((?:\\\\)*)\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})/g;

/** The replacement character, written as JSON. */
const REPLACEMENT = '\\ufffd';

/** False when JSON text cannot decode to an unstorable character (so there is nothing to look for). */
export function mayHoldUnstorable(json: string): boolean {
  return json.includes(NUL) || SURROGATE_ESCAPE.test(json);
}

/**
 * JSON.stringify's output with every U+0000 and every unpaired surrogate replaced by U+FFFD, so
 * PostgreSQL can store it as jsonb (or as text through jsonb_to_recordset). JSON.stringify escapes
 * exactly those characters as `\uXXXX` (paired surrogates are written as they are), so replacing
 * the escapes is enough. Text that holds none comes back as it is.
 */
export function storableJson(json: string): string {
  return mayHoldUnstorable(json) ? json.replace(UNSTORABLE_ESCAPES, `$1${REPLACEMENT}`) : json;
}

const UNSTORABLE_CHAR =
  // eslint-disable-next-line no-control-regex -- NUL is what it looks for
  /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Where a parsed JSON value holds an unstorable character, in a string or in a key: the path
 * (`alerts.0.labels.host`, the body itself: ''), or null when it holds none.
 */
export function unstorablePath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return UNSTORABLE_CHAR.test(value) ? path : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, child] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (UNSTORABLE_CHAR.test(key)) return at;
    const found = unstorablePath(child, at);
    if (found !== null) return found;
  }
  return null;
}
