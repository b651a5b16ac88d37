import type { AlertSeverity, NormalizedAlert } from '../../normalized-alert';
import {
  DEFAULT_SEVERITY,
  serviceFromLabels,
  severityIn,
  stringLabels,
} from '../shared/alert-fields';
import { isoOf, startOf } from '../shared/alert-times';
import type { GcpIncidentDto, GcpMonitoringPayloadDto } from './google-cloud-monitoring.payload';

export const GOOGLE_CLOUD_MONITORING = 'google-cloud-monitoring';

/** The alerting policy's severity; `No severity` or none at all is SEV3. Nothing maps to SEV4. */
export const GCP_SEVERITY: Record<string, AlertSeverity> = {
  critical: 'SEV1',
  error: 'SEV2',
  warning: 'SEV3',
};

export function gcpSeverity(incident: Pick<GcpIncidentDto, 'severity'>): AlertSeverity {
  return severityIn(GCP_SEVERITY, incident.severity?.toLowerCase()) ?? DEFAULT_SEVERITY;
}

/**
 * The monitored resource's service label (Cloud Run's `service_name`, also GKE's and App Engine's
 * `service_name`/`module_id`), as the alert's labels name it: a Cloud Run revision's display name
 * is the revision (`search-api-00042-kax`), which changes with every deploy.
 */
export const GCP_SERVICE_LABELS: readonly string[] = [
  'resource.service_name',
  'resource.module_id',
];

/** `incident_id` is the same in the open and closed notifications of one incident. */
export function mapGoogleCloudMonitoring(
  payload: GcpMonitoringPayloadDto,
  raw: unknown,
  receivedAt: Date,
  serviceFrom: readonly string[] = GCP_SERVICE_LABELS,
): NormalizedAlert[] {
  const { incident } = payload;
  const status = incident.state === 'open' ? 'firing' : 'resolved';
  const endedAt = status === 'resolved' ? isoOf(incident.ended_at ?? undefined) : undefined;
  const labels: Record<string, string> = {
    ...stringLabels(incident.resource?.labels, 'resource.'),
    ...stringLabels(incident.policy_user_labels),
  };
  if (incident.resource?.type) labels['resourceType'] = incident.resource.type;
  if (incident.scoping_project_id) labels['project'] = incident.scoping_project_id;
  if (incident.condition_name) labels['condition'] = incident.condition_name;
  if (incident.severity) labels['severity'] = incident.severity;
  const service =
    serviceFromLabels(labels, serviceFrom) ??
    incident.resource_display_name ??
    incident.resource_name;
  return [
    {
      source: GOOGLE_CLOUD_MONITORING,
      dedupKey: incident.incident_id,
      status,
      severity: gcpSeverity(incident),
      summary: incident.policy_name ?? incident.summary ?? incident.incident_id,
      description:
        [incident.summary, incident.documentation?.content].filter(Boolean).join('\n\n') ||
        undefined,
      service,
      labels,
      startedAt: startOf(isoOf(incident.started_at), endedAt, receivedAt),
      endedAt,
      links: incident.url ? [{ href: incident.url, text: 'Cloud Monitoring incident' }] : [],
      raw,
    },
  ];
}
