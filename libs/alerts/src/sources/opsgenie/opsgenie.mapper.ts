import type { MapOutcome } from '../../alert-source';
import type { AlertSeverity, NormalizedAlert } from '../../normalized-alert';
import { DEFAULT_SEVERITY, definedLabels, stringLabels } from '../shared/alert-fields';
import { sha256Hex } from '../shared/vendor-signature';
import type {
  OpsgenieCloseAlertDto,
  OpsgenieCreateAlertDto,
  OpsgeniePriority,
  OpsgenieRequest,
} from './opsgenie.payload';

/** What the Alert and Heartbeat API paths ask; the outgoing webhook is opsgenie.webhook.ts's. */
export type OpsgenieApiRequest = Exclude<OpsgenieRequest, { operation: 'webhook' }>;

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

/**
 * Create fires and close resolves. A message or description update (Alertmanager's
 * `update_alerts`, right after each create) is a firing repeat of the alias with the new text.
 * An acknowledge carries no alert (as PagerDuty's): the delivery records who acknowledged which
 * alias. A heartbeat ping is recorded with its name, for the heartbeat's dead-man's switch.
 */
export function mapOpsgenie(
  request: OpsgenieApiRequest,
  raw: unknown,
  receivedAt: Date,
): MapOutcome {
  const alerts = (...list: NormalizedAlert[]): MapOutcome => ({ kind: 'alerts', alerts: list });
  switch (request.operation) {
    case 'create':
      return alerts(fromCreate(request.body, raw, receivedAt));
    case 'close':
      return alerts(fromClose(request.alias, request.body, raw, receivedAt));
    case 'message':
      return alerts(updated(request.alias, { summary: request.body.message }, raw, receivedAt));
    case 'description': {
      const { description } = request.body;
      const summary = `Opsgenie alert ${request.alias}`;
      return alerts(updated(request.alias, { summary, description }, raw, receivedAt));
    }
    case 'acknowledge': {
      const { user, source, note } = request.body;
      const detail = definedLabels({ alias: request.alias, by: user ?? source, note });
      return { kind: 'handshake', action: 'acknowledge', detail };
    }
    case 'heartbeat':
      return { kind: 'handshake', action: 'heartbeat', detail: { name: request.name } };
  }
}

function updated(
  alias: string,
  text: Pick<NormalizedAlert, 'summary' | 'description'>,
  raw: unknown,
  receivedAt: Date,
): NormalizedAlert {
  return {
    source: OPSGENIE,
    dedupKey: alias,
    status: 'firing',
    // An update does not restate the priority; the repeat is matched by alias.
    severity: DEFAULT_SEVERITY,
    ...text,
    labels: {},
    startedAt: receivedAt.toISOString(),
    links: [],
    raw,
  };
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
