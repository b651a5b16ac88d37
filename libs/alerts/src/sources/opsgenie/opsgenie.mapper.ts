import type { AlertSeverity, NormalizedAlert } from '../../normalized-alert';
import { DEFAULT_SEVERITY, stringLabels } from '../shared/alert-fields';
import { sha256Hex } from '../shared/vendor-signature';
import type {
  OpsgenieCloseAlertDto,
  OpsgenieCreateAlertDto,
  OpsgeniePriority,
  OpsgenieRequest,
} from './opsgenie.payload';

export const OPSGENIE = 'opsgenie';

/** Opsgenie's P1–P5; an alert without a priority is P3 in Opsgenie, so SEV3 here too. */
export const OPSGENIE_SEVERITY: Record<OpsgeniePriority, AlertSeverity> = {
  P1: 'SEV1',
  P2: 'SEV2',
  P3: 'SEV3',
  P4: 'SEV4',
  P5: 'SEV4',
};

/**
 * The alias is Opsgenie's own de-duplication key and what a close names. Opsgenie treats a create
 * without an alias as a new alert; Sitrep keys it by its message so a retried post joins itself.
 */
export function opsgenieDedupKey(body: OpsgenieCreateAlertDto): string {
  if (body.alias) return body.alias;
  return `message-sha256:${sha256Hex(body.message).slice(0, 32)}`;
}

export function mapOpsgenie(
  request: OpsgenieRequest,
  raw: unknown,
  receivedAt: Date,
): NormalizedAlert[] {
  return request.operation === 'create'
    ? [fromCreate(request.body, raw, receivedAt)]
    : [fromClose(request.alias, request.body, raw, receivedAt)];
}

function fromCreate(body: OpsgenieCreateAlertDto, raw: unknown, receivedAt: Date): NormalizedAlert {
  const labels: Record<string, string> = { ...stringLabels(body.details) };
  if (body.tags?.length) labels['tags'] = body.tags.join(',');
  if (body.priority) labels['priority'] = body.priority;
  if (body.source) labels['opsgenie.source'] = body.source;
  if (body.entity) labels['entity'] = body.entity;
  return {
    source: OPSGENIE,
    dedupKey: opsgenieDedupKey(body),
    status: 'firing',
    severity: body.priority ? OPSGENIE_SEVERITY[body.priority] : DEFAULT_SEVERITY,
    summary: body.message,
    description: body.description,
    service: body.entity,
    labels,
    // The Alert API carries no event time: the alert exists from when it was posted.
    startedAt: receivedAt.toISOString(),
    links: [],
    raw,
  };
}

function fromClose(
  alias: string,
  body: OpsgenieCloseAlertDto,
  raw: unknown,
  receivedAt: Date,
): NormalizedAlert {
  const by = body.user ?? body.source;
  const labels: Record<string, string> = {};
  if (body.user) labels['closedBy'] = body.user;
  if (body.source) labels['opsgenie.source'] = body.source;
  return {
    source: OPSGENIE,
    dedupKey: alias,
    status: 'resolved',
    // A close does not restate the priority; the resolve is matched by alias, not by severity.
    severity: DEFAULT_SEVERITY,
    summary: by ? `Closed by ${by}` : `Closed by alias ${alias}`,
    description: body.note,
    labels,
    startedAt: receivedAt.toISOString(),
    endedAt: receivedAt.toISOString(),
    links: [],
    raw,
  };
}
