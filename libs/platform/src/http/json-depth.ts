/**
 * How deeply request JSON may nest its objects and arrays. What reads a parsed body (validation,
 * DTO building, JSON.stringify) walks it recursively: a few thousand levels, a few kB of `[`,
 * overflowed the stack and answered 500; and JSON.parse itself takes over a second on 1 MiB of
 * nesting. Vendors' webhook bodies nest under 10 levels (the deepest fixture, a Sentry issue
 * alert, 9), and API commands fewer.
 */
export const JSON_MAX_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * True when JSON text opens more than `max` objects and arrays inside one another; brackets in
 * strings do not count. Read before JSON.parse, so nothing deep is ever built, and without
 * parsing: text with at most `max` brackets opening anywhere cannot nest deeper (most webhook
 * bodies, under a microsecond), and the rest is one pass that jumps over strings natively
 * (about a fifth of JSON.parse's time). It does not check the text is JSON: JSON.parse does.
 */
export function jsonNestsDeeperThan(json: string, max = JSON_MAX_DEPTH): boolean {
  if (openersUpTo(json, max + 1) <= max) return false;
  let depth = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === QUOTE) {
      i = closingQuote(json, i);
      if (i < 0) return false;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}

/** How many `[` and `{` the text holds, counting no further than `limit`. */
function openersUpTo(text: string, limit: number): number {
  let count = 0;
  for (const opener of ['[', '{']) {
    for (let i = text.indexOf(opener); i >= 0 && count < limit; i = text.indexOf(opener, i + 1)) {
      count++;
    }
  }
  return count;
}

/** The index of the quote closing the string opened at `open`, or -1. */
function closingQuote(text: string, open: number): number {
  let i = open;
  for (;;) {
    i = text.indexOf('"', i + 1);
    if (i < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(i - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return i;
  }
}

/** The problem to name when jsonNestsDeeperThan (`where`: the body, or a field holding JSON). */
export const tooDeepProblem = (where = 'the body', max = JSON_MAX_DEPTH) =>
  `${where} nests objects and arrays deeper than ${max} levels`;
