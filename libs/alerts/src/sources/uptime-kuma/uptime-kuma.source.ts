import type { AlertSource, MapOutcome } from '../../alert-source';
import { parseVendorJson, rawJsonOf } from '../shared/vendor-json';
import { checkUrlToken } from '../shared/url-token';
import { UPTIME_KUMA, mapUptimeKuma } from './uptime-kuma.mapper';
import { UptimeKumaPayloadDto } from './uptime-kuma.payload';

/**
 * Uptime Kuma's webhook notification with the JSON body type. Kuma can send custom headers (so
 * bearer or basic auth, checked by the webhook layer); older set-ups cannot, and those integrations
 * are configured with a URL token (`?token=`) instead.
 */
export const uptimeKumaSource: AlertSource<UptimeKumaPayloadDto> = {
  name: UPTIME_KUMA,
  parse: (delivery) => parseVendorJson(UptimeKumaPayloadDto, delivery),
  authenticate: (delivery, credentials) => checkUrlToken(delivery, credentials.vendorKey, 'token'),
  map(payload, delivery): MapOutcome {
    if (!payload.heartbeat || !payload.monitor) {
      // The "Test" button and certificate-expiry notices carry no monitor state.
      return { kind: 'handshake', action: 'notice', detail: { msg: payload.msg } };
    }
    return {
      kind: 'alerts',
      alerts: mapUptimeKuma(payload, rawJsonOf(delivery), delivery.receivedAt),
    };
  },
};
