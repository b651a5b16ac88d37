import {
  DEFAULT_TIMESTAMP_TOLERANCE_MS,
  hexDigestsMatch,
  hexSignatureIn,
  hmacSha256Hex,
  isWithinTolerance,
  parseUnixSeconds,
  type SignatureVerdict,
} from '../shared/vendor-signature';

/**
 * Sentry's integration-platform signature: `Sentry-Hook-Signature` is the hex HMAC-SHA256 of the
 * raw body, keyed with the integration's client secret. `Sentry-Hook-Timestamp` (Unix seconds) is
 * not covered by the signature, so its tolerance only turns away naive replays of captured
 * requests; a replay with a fresh header passes, which is why deliveries are deduplicated anyway.
 */
export interface SentrySignatureOptions {
  requireTimestamp: boolean;
  toleranceMs: number;
}

export const DEFAULT_SENTRY_SIGNATURE_OPTIONS: SentrySignatureOptions = {
  requireTimestamp: true,
  toleranceMs: DEFAULT_TIMESTAMP_TOLERANCE_MS,
};

export function verifySentrySignature(
  rawBody: Buffer,
  headers: Readonly<Record<string, string | undefined>>,
  clientSecret: string,
  options: Partial<SentrySignatureOptions> = {},
  now: Date = new Date(),
): SignatureVerdict {
  const { requireTimestamp, toleranceMs } = { ...DEFAULT_SENTRY_SIGNATURE_OPTIONS, ...options };
  const presented = hexSignatureIn(headers, 'sentry-hook-signature');
  if (!presented.ok) return presented;
  if (!hexDigestsMatch(hmacSha256Hex(clientSecret, rawBody), presented.signature)) {
    return { ok: false, reason: 'signature-mismatch' };
  }

  const timestamp = headers['sentry-hook-timestamp']?.trim();
  if (!timestamp)
    return requireTimestamp ? { ok: false, reason: 'missing-timestamp' } : { ok: true };
  const seconds = parseUnixSeconds(timestamp);
  if (seconds === undefined) return { ok: false, reason: 'malformed-timestamp' };
  if (!isWithinTolerance(seconds, now, toleranceMs)) {
    return { ok: false, reason: 'timestamp-outside-tolerance' };
  }
  return { ok: true };
}
