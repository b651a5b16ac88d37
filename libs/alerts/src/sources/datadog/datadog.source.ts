import type { AlertSource } from '../../alert-source';
import { parseVendorJson, rawJsonOf } from '../shared/vendor-json';
import { DATADOG, mapDatadogPayload } from './datadog.mapper';
import { DatadogPayload } from './datadog.payload';

/**
 * Datadog's Webhooks integration. Datadog does not sign webhooks: the integration sends a bearer
 * token in its custom headers (or uses basic auth), which the webhook layer checks. Datadog
 * retries only on 5xx, and any 2xx is success, so the default answer suits it. "Encode as form"
 * must stay off: the body has to be JSON.
 */
export const datadogSource: AlertSource<DatadogPayload> = {
  name: DATADOG,
  parse: (delivery) => parseVendorJson(DatadogPayload, delivery),
  authenticate: () => ({ ok: 'not-applicable' }),
  map: (payload, delivery) => ({
    kind: 'alerts',
    alerts: mapDatadogPayload(payload, rawJsonOf(delivery), delivery.receivedAt),
  }),
};
