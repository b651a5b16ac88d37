/** Accepts ISO 8601 strings, epoch seconds or epoch milliseconds; undefined when unreadable. */
export function isoOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return new Date(value < 1e12 ? value * 1000 : value).toISOString();
  }
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return isoOf(Number(value));
  const time = Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/**
 * The contract asks for when the problem started, else when Sitrep received it. A resolve that
 * does not say when the problem started must not appear to start after it ended.
 */
export function startOf(started: string | undefined, ended: string | undefined, receivedAt: Date) {
  if (started) return started;
  const received = receivedAt.toISOString();
  return ended && ended < received ? ended : received;
}
