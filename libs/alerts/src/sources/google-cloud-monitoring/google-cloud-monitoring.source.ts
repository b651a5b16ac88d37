import type { AlertSource } from '../../alert-source';
import { parseVendorJson, rawJsonOf } from '../shared/vendor-json';
import { checkUrlToken } from '../shared/url-token';
import {
  GOOGLE_CLOUD_MONITORING,
  mapGoogleCloudMonitoring,
} from './google-cloud-monitoring.mapper';
import { GcpMonitoringPayloadDto } from './google-cloud-monitoring.payload';

/**
 * Cloud Monitoring webhook channels authenticate with basic auth (checked by the webhook layer) or,
 * with "token authentication", an `auth_token` query parameter — used only when the integration
 * is configured with that token.
 */
export const googleCloudMonitoringSource: AlertSource<GcpMonitoringPayloadDto> = {
  name: GOOGLE_CLOUD_MONITORING,
  parse: (delivery) => parseVendorJson(GcpMonitoringPayloadDto, delivery),
  authenticate: (delivery, credentials) =>
    checkUrlToken(delivery, credentials.vendorKey, 'auth_token'),
  map: (payload, delivery) => ({
    kind: 'alerts',
    alerts: mapGoogleCloudMonitoring(payload, rawJsonOf(delivery), delivery.receivedAt),
  }),
};
