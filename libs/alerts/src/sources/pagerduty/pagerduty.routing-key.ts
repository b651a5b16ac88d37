import type { AuthenticationResult } from '../../alert-source';
import { readJson, isPlainObject } from '../alertmanager/vendor-json';
import { secretsMatch } from '../alertmanager/vendor-signature';

/**
 * PagerDuty's only credential is the integration's routing key, inside the body. It is compared
 * in constant time with the key configured on the Sitrep integration.
 */
export function checkRoutingKey(rawBody: Buffer, expectedKey: string): AuthenticationResult {
  const json = readJson(rawBody);
  const presented = json.ok && isPlainObject(json.value) ? json.value.routing_key : undefined;
  if (typeof presented !== 'string' || presented === '') {
    return { ok: false, reason: 'routing_key is missing' };
  }
  return secretsMatch(expectedKey, presented)
    ? { ok: true, method: 'pagerduty-routing-key' }
    : { ok: false, reason: 'routing_key does not match this integration' };
}
