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
 * Grafana's optional HMAC signature (contact point → Webhook → HMAC Signature, Grafana 11.6+):
 * lowercase hex HMAC-SHA256 with the shared secret, in a header (default
 * `X-Grafana-Alerting-Signature`). When a timestamp header is configured Grafana puts Unix
 * seconds in it and signs `<timestamp>:<body>` instead of the body alone. The timestamp header has
 * no default name in Grafana; ours is the name Grafana's provisioning docs use.
 */
export interface GrafanaSignatureOptions {
  /** Lower-cased. */
  signatureHeader: string;
  /** Lower-cased. */
  timestampHeader: string;
  /** Refuse deliveries without a timestamp, so a captured body-only signature cannot be replayed. */
  requireTimestamp: boolean;
  toleranceMs: number;
}

export const DEFAULT_GRAFANA_SIGNATURE_OPTIONS: GrafanaSignatureOptions = {
  signatureHeader: 'x-grafana-alerting-signature',
  timestampHeader: 'x-grafana-alerting-signature-timestamp',
  requireTimestamp: false,
  toleranceMs: DEFAULT_TIMESTAMP_TOLERANCE_MS,
};

export function verifyGrafanaSignature(
  rawBody: Buffer,
  headers: Readonly<Record<string, string | undefined>>,
  secret: string,
  options: Partial<GrafanaSignatureOptions> = {},
  now: Date = new Date(),
): SignatureVerdict {
  const { signatureHeader, timestampHeader, requireTimestamp, toleranceMs } = {
    ...DEFAULT_GRAFANA_SIGNATURE_OPTIONS,
    ...options,
  };
  const presented = hexSignatureIn(headers, signatureHeader);
  if (!presented.ok) return presented;
  const { signature } = presented;

  const timestamp = headers[timestampHeader]?.trim();
  if (!timestamp) {
    if (requireTimestamp) return { ok: false, reason: 'missing-timestamp' };
    return matches(hmacSha256Hex(secret, rawBody), signature);
  }
  const seconds = parseUnixSeconds(timestamp);
  if (seconds === undefined) return { ok: false, reason: 'malformed-timestamp' };
  // The clock is checked after the signature, so "outside tolerance" always means a replay of a
  // genuine delivery, never a forgery.
  const verdict = matches(hmacSha256Hex(secret, `${timestamp}:`, rawBody), signature);
  if (!verdict.ok) return verdict;
  if (!isWithinTolerance(seconds, now, toleranceMs)) {
    return { ok: false, reason: 'timestamp-outside-tolerance' };
  }
  return verdict;
}

function matches(expected: string, presented: string): SignatureVerdict {
  return hexDigestsMatch(expected, presented)
    ? { ok: true }
    : { ok: false, reason: 'signature-mismatch' };
}
