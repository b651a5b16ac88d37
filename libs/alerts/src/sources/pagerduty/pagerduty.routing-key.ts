import type { AuthenticationResult, WebhookDelivery } from '../../alert-source';
import { isPlainObject, rawJsonOf } from '../shared/vendor-json';
import { secretsMatch } from '../shared/vendor-signature';

/**
 * PagerDuty's only credential is the integration's routing key, inside the body. It is compared
 * in constant time with the key configured on the Sitrep integration.
 */
export function checkRoutingKey(
  delivery: Pick<WebhookDelivery, 'rawBody'>,
  expectedKey: string,
): AuthenticationResult {
  const json = rawJsonOf(delivery);
  const presented = isPlainObject(json) ? json.routing_key : undefined;
  if (typeof presented !== 'string' || presented === '') {
    return { ok: false, reason: 'routing_key is missing' };
  }
  return secretsMatch(expectedKey, presented)
    ? { ok: true, method: 'pagerduty-routing-key' }
    : { ok: false, reason: 'routing_key does not match this integration' };
}
