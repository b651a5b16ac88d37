import type { AlertSource, SignatureHeaders } from '../../alert-source';
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
    authenticate: (delivery, credentials) =>
      authenticateBySignature(
        'grafana-hmac-sha256',
        verifyGrafanaSignature,
        withHeaders(signature, credentials.signatureHeaders),
      )(delivery, credentials),
    map: (payload, delivery, { serviceFrom }) => ({
      kind: 'alerts',
      alerts: mapGrafanaPayload(payload, rawJsonOf(delivery), delivery.receivedAt, serviceFrom),
    }),
  };
}

export const grafanaSource = createGrafanaSource();

/**
 * The integration's own header names over the defaults. Naming a timestamp header says the
 * contact point stamps its deliveries, so one without a timestamp is refused: a body-only
 * signature, once captured, would otherwise be valid for ever.
 */
function withHeaders(
  options: Partial<GrafanaSignatureOptions>,
  headers: SignatureHeaders | undefined,
): Partial<GrafanaSignatureOptions> {
  if (!headers) return options;
  return {
    ...options,
    ...(headers.signature ? { signatureHeader: headers.signature } : {}),
    ...(headers.timestamp ? { timestampHeader: headers.timestamp, requireTimestamp: true } : {}),
  };
}
