import type { AuthenticationResult, WebhookDelivery } from '../../alert-source';
import { secretsMatch } from '../shared/vendor-signature';

/**
 * Opsgenie clients authenticate with `Authorization: GenieKey <integration API key>`. When the
 * integration has no GenieKey configured, the webhook layer's bearer or basic auth applies.
 */
export function checkGenieKey(
  delivery: WebhookDelivery,
  configuredKey: string | undefined,
): AuthenticationResult {
  if (!configuredKey) return { ok: 'not-applicable' };
  const match = /^GenieKey\s+(\S+)\s*$/i.exec(delivery.headers['authorization'] ?? '');
  if (!match) return { ok: false, reason: 'missing Authorization: GenieKey header' };
  if (!secretsMatch(configuredKey, match[1]))
    return { ok: false, reason: 'GenieKey does not match' };
  return { ok: true, method: 'genie-key' };
}
