import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

// Not Alertmanager-specific (Alertmanager does not sign): the HMAC primitives Grafana and Sentry
// share. It lives here only because the sources' shared folder is not ours to create.

export const DEFAULT_TIMESTAMP_TOLERANCE_MS = 5 * 60_000;

export type SignatureVerdict =
  | { ok: true }
  | {
      ok: false;
      reason:
        | 'missing-signature'
        | 'malformed-signature'
        | 'signature-mismatch'
        | 'missing-timestamp'
        | 'malformed-timestamp'
        | 'timestamp-outside-tolerance';
    };

export function hmacSha256Hex(secret: string, ...parts: (string | Buffer)[]): string {
  const hmac = createHmac('sha256', secret);
  for (const part of parts) hmac.update(part);
  return hmac.digest('hex');
}

/**
 * Compares a hex digest we computed with one a sender presented. Both are decoded to bytes first
 * so that case does not matter and `timingSafeEqual` compares equal lengths.
 */
export function hexDigestsMatch(expectedHex: string, presentedHex: string): boolean {
  if (!/^[0-9a-f]+$/i.test(presentedHex) || presentedHex.length !== expectedHex.length) {
    return false;
  }
  return timingSafeEqual(Buffer.from(expectedHex, 'hex'), Buffer.from(presentedHex, 'hex'));
}

/** Constant-time equality of two secrets of any length (hashing first equalizes the lengths). */
export function secretsMatch(expected: string, presented: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(presented));
}

/** Unix seconds as vendors send them in headers ("1700000000", sometimes with a fraction). */
export function parseUnixSeconds(value: string): number | undefined {
  if (!/^\d{1,12}(\.\d+)?$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

export function isWithinTolerance(unixSeconds: number, now: Date, toleranceMs: number): boolean {
  return Math.abs(now.getTime() - unixSeconds * 1000) <= toleranceMs;
}

export function sha256Hex(...parts: (string | Buffer)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}
