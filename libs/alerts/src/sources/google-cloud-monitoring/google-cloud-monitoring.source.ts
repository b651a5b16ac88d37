import type { AlertSource, MapOutcome, ParseResult, WebhookDelivery } from '../../alert-source';
import { isPlainObject, rawJsonOf, readJsonBody, validatePayload } from '../shared/vendor-json';
import { checkUrlToken } from '../shared/url-token';
import {
  GOOGLE_CLOUD_MONITORING,
  mapGoogleCloudMonitoring,
} from './google-cloud-monitoring.mapper';
import { GcpMonitoringPayloadDto } from './google-cloud-monitoring.payload';

/** An incident notification, or the channel's "Send test notification". */
export type GcpDelivery =
  { kind: 'incident'; payload: GcpMonitoringPayloadDto } | { kind: 'test'; summary: string };

/**
 * Cloud Monitoring webhook channels authenticate with basic auth (checked by the webhook layer) or,
 * with "token authentication", an `auth_token` query parameter — used only when the integration
 * is configured with that token.
 */
export const googleCloudMonitoringSource: AlertSource<GcpDelivery> = {
  name: GOOGLE_CLOUD_MONITORING,
  parse: parseGcpDelivery,
  authenticate: (delivery, credentials) =>
    checkUrlToken(delivery, credentials.vendorKey, 'auth_token'),
  map(delivery, webhook, { serviceFrom }): MapOutcome {
    if (delivery.kind === 'test') {
      return { kind: 'handshake', action: 'test', detail: { summary: delivery.summary } };
    }
    return {
      kind: 'alerts',
      alerts: mapGoogleCloudMonitoring(
        delivery.payload,
        rawJsonOf(webhook),
        webhook.receivedAt,
        serviceFrom,
      ),
    };
  },
};

/**
 * The test notification (fixtures/test-notification.json) is no incident of schema 1.2: its
 * `version` is `"test"`, its state `"OPEN"`, its documentation a string, its times 0. That
 * version, which no real notification carries, is what marks it; anything else must be 1.2.
 */
function parseGcpDelivery(delivery: WebhookDelivery): ParseResult<GcpDelivery> {
  const body = readJsonBody(delivery);
  if (!body.ok) return body;
  if (isPlainObject(body.value) && body.value.version === 'test') {
    const incident = isPlainObject(body.value.incident) ? body.value.incident : {};
    const summary = typeof incident.summary === 'string' ? incident.summary : '';
    return { ok: true, payload: { kind: 'test', summary: summary.slice(0, 200) } };
  }
  const parsed = validatePayload(GcpMonitoringPayloadDto, body.value);
  return parsed.ok ? { ok: true, payload: { kind: 'incident', payload: parsed.payload } } : parsed;
}
