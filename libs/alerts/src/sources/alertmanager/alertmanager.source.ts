import type { AlertSource } from '../../alert-source';
import { parseVendorJson, rawJsonOf } from '../shared/vendor-json';
import { ALERTMANAGER, mapAlertmanagerPayload } from './alertmanager.mapper';
import { AlertmanagerPayload } from './alertmanager.payload';

/**
 * Prometheus Alertmanager's `webhook_config` receiver. Alertmanager does not sign its requests:
 * it authenticates with `http_config` (bearer token or basic auth), which the webhook layer checks.
 * Any 2xx counts as delivered, so the default answer suits it.
 */
export const alertmanagerSource: AlertSource<AlertmanagerPayload> = {
  name: ALERTMANAGER,
  parse: (delivery) => parseVendorJson(AlertmanagerPayload, delivery),
  authenticate: () => ({ ok: 'not-applicable' }),
  map: (payload, delivery, { serviceFrom }) => ({
    kind: 'alerts',
    alerts: mapAlertmanagerPayload(payload, rawJsonOf(delivery), delivery.receivedAt, serviceFrom),
  }),
};
