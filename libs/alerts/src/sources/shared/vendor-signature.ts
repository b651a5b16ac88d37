import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { AlertSource, AuthenticationResult, WebhookDelivery } from '../../alert-source';

/** How far a signed timestamp may be from our clock (either way) before a delivery is a replay. */
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

/** A vendor's signature check over the delivery as received; `options` are the vendor's own. */
export type SignatureCheck<O> = (
  rawBody: Buffer,
  headers: WebhookDelivery['headers'],
  secret: string,
  options: O,
  now: Date,
) => SignatureVerdict;

/**
 * `authenticate` for vendors that sign with the integration's signing secret: with a secret the
 * signature is required (`method` names the scheme when it passes); without one the webhook
 * layer's bearer or basic auth applies.
 */
export function authenticateBySignature<O>(
  method: string,
  verify: SignatureCheck<O>,
  options: O,
): AlertSource['authenticate'] {
  return (delivery, credentials): AuthenticationResult => {
    if (!credentials.signingSecret) return { ok: 'not-applicable' };
    const { rawBody, headers, receivedAt } = delivery;
    const verdict = verify(rawBody, headers, credentials.signingSecret, options, receivedAt);
    return verdict.ok ? { ok: true, method } : { ok: false, reason: verdict.reason };
  };
}

export function hmacSha256Hex(secret: string, ...parts: (string | Buffer)[]): string {
  const hmac = createHmac('sha256', secret);
  for (const part of parts) hmac.update(part);
  return hmac.digest('hex');
}

export function sha256Hex(...parts: (string | Buffer)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

/**
 * A hex HMAC-SHA256 signature from a header: missing, malformed (not 64 hex digits) or the
 * trimmed value.
 */
export function hexSignatureIn(
  headers: Readonly<Record<string, string | undefined>>,
  header: string,
): { ok: true; signature: string } | Extract<SignatureVerdict, { ok: false }> {
  const signature = headers[header]?.trim();
  if (!signature) return { ok: false, reason: 'missing-signature' };
  if (!/^[0-9a-f]{64}$/i.test(signature)) return { ok: false, reason: 'malformed-signature' };
  return { ok: true, signature };
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

/**
 * Constant-time equality of two secrets of any length (hashing first equalizes the lengths, so
 * the length does not leak). Nothing matches an empty expected secret or an absent presented one.
 */
export function secretsMatch(expected: string, presented: string | undefined): boolean {
  if (presented === undefined || expected === '') return false;
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
