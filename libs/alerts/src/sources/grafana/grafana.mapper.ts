import type { NormalizedAlert } from '../../normalized-alert';
import { mapAlertList } from '../alertmanager/alertmanager.mapper';
import type { GrafanaPayload } from './grafana.payload';

export const GRAFANA = 'grafana';

/**
 * One normalized alert per alert of the notification. Grafana computes each alert's fingerprint
 * from its labels, so the dedup key is that fingerprint (or the same labels hash Alertmanager's
 * mapper falls back to); severity follows the `severity` label like Alertmanager's.
 */
export function mapGrafanaPayload(
  payload: GrafanaPayload,
  raw: unknown,
  receivedAt: Date,
  serviceFrom?: readonly string[],
): NormalizedAlert[] {
  return mapAlertList(GRAFANA, payload.alerts, raw, receivedAt, {
    serviceFrom,
    linksOf: (alert) => [
      { href: alert.dashboardURL, text: 'Dashboard' },
      { href: alert.panelURL, text: 'Panel' },
      { href: alert.silenceURL, text: 'Silence' },
      { href: alert.imageURL, text: 'Image' },
    ],
  });
}
