import type { MapOutcome } from '../../alert-source';
import type { NormalizedAlert } from '../../normalized-alert';
import { DEFAULT_SEVERITY, definedLabels, stringLabels } from '../shared/alert-fields';
import { OPSGENIE, OPSGENIE_SEVERITY } from './opsgenie.mapper';
import type { OpsgenieWebhookDto } from './opsgenie.payload';

/**
 * Create fires and Close resolves, keyed by the alias (Opsgenie's own identity, which an Alert API
 * create named too) or the alert id. Acknowledge is recorded with the delivery: an alert carries no
 * acknowledgement, which is the incident's to record. Every other action (notes, tags, owners,
 * escalations, …) changes nothing here, and the delivery says so.
 */
export function mapOpsgenieWebhook(
  body: OpsgenieWebhookDto,
  raw: unknown,
  receivedAt: Date,
): MapOutcome {
  const { alert, action } = body;
  const dedupKey = alert.alias || alert.alertId;
  if (action === 'Create' || action === 'Close') {
    return { kind: 'alerts', alerts: [alertOf(body, dedupKey, raw, receivedAt)] };
  }
  const who = definedLabels({ alias: dedupKey, by: alert.username });
  if (action === 'Acknowledge') {
    return { kind: 'handshake', action: 'acknowledge', detail: who };
  }
  return {
    kind: 'handshake',
    action: 'ignored',
    detail: { ...who, action, reason: `Opsgenie's ${action} action changes no alert in Sitrep` },
  };
}

function alertOf(
  { alert, action, integrationName }: OpsgenieWebhookDto,
  dedupKey: string,
  raw: unknown,
  receivedAt: Date,
): NormalizedAlert {
  const labels: Record<string, string> = {
    ...stringLabels(alert.details),
    ...definedLabels({
      priority: alert.priority,
      entity: alert.entity || undefined,
      'opsgenie.source': alert.source || undefined,
      'opsgenie.alertId': alert.alertId,
      'opsgenie.tinyId': alert.tinyId,
      'opsgenie.integration': integrationName || undefined,
    }),
  };
  if (alert.tags?.length) labels['tags'] = alert.tags.join(',');
  const created = alert.createdAt === undefined ? undefined : new Date(alert.createdAt);
  const startedAt = created && !Number.isNaN(created.getTime()) ? created : receivedAt;
  const closed = action === 'Close';
  return {
    source: OPSGENIE,
    dedupKey,
    status: closed ? 'resolved' : 'firing',
    // A close restates the priority, but a resolve is matched by its key, not its severity.
    severity: closed || !alert.priority ? DEFAULT_SEVERITY : OPSGENIE_SEVERITY[alert.priority],
    summary: alert.message || `Opsgenie alert ${alert.tinyId ?? alert.alertId}`,
    description: closed ? alert.note : alert.description,
    service: alert.entity || undefined,
    labels,
    startedAt: startedAt.toISOString(),
    ...(closed ? { endedAt: receivedAt.toISOString() } : {}),
    links: [],
    raw,
  };
}
