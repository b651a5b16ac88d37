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
  // Alertmanager retries a failed notification until the group's next flush (group_interval,
  // 5 minutes by default); the same bytes after that are a new notification (repeat_interval).
  retries: { windowMs: 15 * 60 * 1000 },
  map: (payload, delivery, { serviceFrom }) => ({
    kind: 'alerts',
    alerts: mapAlertmanagerPayload(payload, rawJsonOf(delivery), delivery.receivedAt, serviceFrom),
  }),
};
