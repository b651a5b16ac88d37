import type { AuthenticationResult, WebhookDelivery } from '../../alert-source';
import { secretsMatch } from './vendor-signature';

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
  if (!secretsMatch(configuredToken, given)) {
    return { ok: false, reason: `${parameter} query parameter does not match` };
  }
  return { ok: true, method: 'url-token' };
}
