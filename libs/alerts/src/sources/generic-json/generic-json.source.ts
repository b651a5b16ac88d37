import type { AlertSource } from '../../alert-source';
import { readJsonBody } from '../shared/vendor-json';
import { GenericJsonError, GenericJsonErrorCode } from './generic-json.errors';
import { GENERIC_JSON, mapGenericJson } from './generic-json.mapper';
import { validateGenericJsonMapping } from './generic-json.mapping';

/**
 * Any sender that posts JSON, mapped by the integration's configuration (`credentials.mapping`).
 * It has no vendor check: bearer or basic auth is the webhook layer's.
 */
export const genericJsonSource: AlertSource<unknown> = {
  name: GENERIC_JSON,
  parse(delivery) {
    const body = readJsonBody(delivery);
    if (!body.ok) return body;
    if (typeof body.value !== 'object' || body.value === null) {
      return { ok: false, status: 422, problems: ['body must be a JSON object or array'] };
    }
    return { ok: true, payload: body.value };
  },
  authenticate: () => ({ ok: 'not-applicable' }),
  map(payload, delivery, credentials) {
    const mapping = validateGenericJsonMapping(credentials.mapping);
    if (!mapping.ok)
      throw new GenericJsonError(GenericJsonErrorCode.INVALID_MAPPING, mapping.problems);
    return {
      kind: 'alerts',
      alerts: mapGenericJson(payload, mapping.mapping, delivery.receivedAt),
    };
  },
};
