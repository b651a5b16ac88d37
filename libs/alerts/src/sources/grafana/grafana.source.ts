import type { AlertSource } from '../../alert-source';
import { authenticateBySignature } from '../shared/vendor-signature';
import { parseVendorJson, rawJsonOf } from '../shared/vendor-json';
import { GRAFANA, mapGrafanaPayload } from './grafana.mapper';
import { GrafanaPayload } from './grafana.payload';
import { verifyGrafanaSignature, type GrafanaSignatureOptions } from './grafana.signature';

/**
 * Grafana Alerting's webhook contact point. With a signing secret on the integration the HMAC
 * signature is required; without one Grafana authenticates like any sender (basic auth or an
 * Authorization header), which the webhook layer checks.
 */
export function createGrafanaSource(
  signature: Partial<GrafanaSignatureOptions> = {},
): AlertSource<GrafanaPayload> {
  return {
    name: GRAFANA,
    parse: (delivery) => parseVendorJson(GrafanaPayload, delivery),
    authenticate: authenticateBySignature('grafana-hmac-sha256', verifyGrafanaSignature, signature),
    map: (payload, delivery) => ({
      kind: 'alerts',
      alerts: mapGrafanaPayload(payload, rawJsonOf(delivery), delivery.receivedAt),
    }),
  };
}

export const grafanaSource = createGrafanaSource();
