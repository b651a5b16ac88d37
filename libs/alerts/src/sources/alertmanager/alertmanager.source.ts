import type { AlertSource } from '../../alert-source';
import { ALERTMANAGER, mapAlertmanagerPayload } from './alertmanager.mapper';
import { AlertmanagerPayload } from './alertmanager.payload';
import { parseVendorJson, readJson } from './vendor-json';

/**
 * Prometheus Alertmanager's `webhook_config` receiver. Alertmanager does not sign its requests:
 * it authenticates with `http_config` (bearer token or basic auth), which the webhook layer checks.
 * Any 2xx counts as delivered, so the default answer suits it.
 */
export const alertmanagerSource: AlertSource<AlertmanagerPayload> = {
  name: ALERTMANAGER,
  parse: (delivery) => parseVendorJson(AlertmanagerPayload, delivery.rawBody),
  authenticate: () => ({ ok: 'not-applicable' }),
  map: (payload, delivery) => {
    const raw = readJson(delivery.rawBody);
    return {
      kind: 'alerts',
      alerts: mapAlertmanagerPayload(payload, raw.ok ? raw.value : payload, delivery.receivedAt),
    };
  },
};
