import type { AlertSeverity, NormalizedAlert } from '../../normalized-alert';
import { stringLabels } from '../shared/alert-fields';
import { isoOf, startOf } from '../shared/alert-times';
import type { AzureMonitorPayloadDto, AzureSeverity } from './azure-monitor.payload';

export const AZURE_MONITOR = 'azure-monitor';

/** Azure's Sev0 (critical) to Sev4 (verbose); Sitrep has four levels, so Sev3 and Sev4 share SEV4. */
export const AZURE_SEVERITY: Record<AzureSeverity, AlertSeverity> = {
  Sev0: 'SEV1',
  Sev1: 'SEV2',
  Sev2: 'SEV3',
  Sev3: 'SEV4',
  Sev4: 'SEV4',
};

/**
 * `alertId` names the alert instance and is the same in its Fired and Resolved notifications;
 * `originAlertId` (the monitor's own id) is the fallback.
 */
export function mapAzureMonitor(
  payload: AzureMonitorPayloadDto,
  raw: unknown,
  receivedAt: Date,
): NormalizedAlert[] {
  const { essentials, customProperties } = payload.data;
  const status = essentials.monitorCondition === 'Fired' ? 'firing' : 'resolved';
  const endedAt = status === 'resolved' ? isoOf(essentials.resolvedDateTime) : undefined;
  const resource = essentials.configurationItems?.[0];
  const labels: Record<string, string> = {
    ...stringLabels(customProperties),
    severity: essentials.severity,
  };
  if (essentials.signalType) labels['signalType'] = essentials.signalType;
  if (essentials.monitoringService) labels['monitoringService'] = essentials.monitoringService;
  if (essentials.targetResourceType) labels['targetResourceType'] = essentials.targetResourceType;
  if (essentials.targetResourceGroup)
    labels['targetResourceGroup'] = essentials.targetResourceGroup;
  if (essentials.alertTargetIDs?.[0]) labels['targetResourceId'] = essentials.alertTargetIDs[0];
  return [
    {
      source: AZURE_MONITOR,
      dedupKey: essentials.alertId || `origin:${essentials.originAlertId}`,
      status,
      severity: AZURE_SEVERITY[essentials.severity],
      summary: resource ? `${essentials.alertRule} on ${resource}` : essentials.alertRule,
      description: essentials.description || undefined,
      service: resource,
      labels,
      startedAt: startOf(isoOf(essentials.firedDateTime), endedAt, receivedAt),
      endedAt,
      links: (essentials.alertTargetIDs ?? []).map((id) => ({
        href: `https://portal.azure.com/#resource${id}`,
        text: 'Affected resource',
      })),
      raw,
    },
  ];
}
