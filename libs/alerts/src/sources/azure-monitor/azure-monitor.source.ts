import type { AlertSource } from '../../alert-source';
import { parseVendorJson, rawJsonOf } from '../shared/vendor-json';
import { checkUrlToken } from '../shared/url-token';
import { AZURE_MONITOR, mapAzureMonitor } from './azure-monitor.mapper';
import { AzureMonitorPayloadDto } from './azure-monitor.payload';

/**
 * An action group's webhook with the common alert schema enabled. Action groups cannot set
 * headers: integrations either use basic auth in the URL's user-info (checked by the webhook
 * layer) or are configured with a URL token (`?token=`). Secure webhooks (Entra ID tokens) are
 * not supported yet.
 */
export const azureMonitorSource: AlertSource<AzureMonitorPayloadDto> = {
  name: AZURE_MONITOR,
  parse: (delivery) => parseVendorJson(AzureMonitorPayloadDto, delivery),
  authenticate: (delivery, credentials) => checkUrlToken(delivery, credentials.vendorKey, 'token'),
  map: (payload, delivery) => ({
    kind: 'alerts',
    alerts: mapAzureMonitor(payload, rawJsonOf(delivery), delivery.receivedAt),
  }),
};
