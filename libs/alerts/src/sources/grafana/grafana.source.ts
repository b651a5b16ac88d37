import type { AlertSource } from '../../alert-source';
import { parseVendorJson, readJson } from '../alertmanager/vendor-json';
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
    parse: (delivery) => parseVendorJson(GrafanaPayload, delivery.rawBody),
    authenticate: (delivery, credentials) => {
      if (!credentials.signingSecret) return { ok: 'not-applicable' };
      const verdict = verifyGrafanaSignature(
        delivery.rawBody,
        delivery.headers,
        credentials.signingSecret,
        signature,
        delivery.receivedAt,
      );
      return verdict.ok
        ? { ok: true, method: 'grafana-hmac-sha256' }
        : { ok: false, reason: verdict.reason };
    },
    map: (payload, delivery) => {
      const raw = readJson(delivery.rawBody);
      return {
        kind: 'alerts',
        alerts: mapGrafanaPayload(payload, raw.ok ? raw.value : payload, delivery.receivedAt),
      };
    },
  };
}

export const grafanaSource = createGrafanaSource();
