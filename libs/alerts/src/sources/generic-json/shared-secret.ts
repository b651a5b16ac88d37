import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuthenticationResult, WebhookDelivery } from '../../alert-source';

/** Constant-time comparison; hashing first makes the lengths equal so length does not leak. */
export function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined || expected === '') return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * A token in the URL, for senders that cannot set headers (Azure action groups, some Uptime Kuma
 * set-ups, Google Cloud Monitoring's token authentication). Only used when the integration was
 * configured with one (`vendorKey`); otherwise the webhook layer applies bearer or basic auth.
 */
export function checkUrlToken(
  delivery: WebhookDelivery,
  configuredToken: string | undefined,
  parameter: string,
): AuthenticationResult {
  if (!configuredToken) return { ok: 'not-applicable' };
  const given = delivery.query[parameter];
  if (given === undefined) return { ok: false, reason: `missing ${parameter} query parameter` };
  if (!sameSecret(given, configuredToken)) {
    return { ok: false, reason: `${parameter} query parameter does not match` };
  }
  return { ok: true, method: 'url-token' };
}
