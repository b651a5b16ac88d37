import type { AlertSeverity, AlertStatus, NormalizedAlert } from '../../normalized-alert';
import { DEFAULT_SEVERITY, severityIn } from '../shared/alert-fields';
import { startOf } from '../shared/alert-times';
import {
  KUMA_STATUS,
  type UptimeKumaMonitorDto,
  type UptimeKumaPayloadDto,
} from './uptime-kuma.payload';

export const UPTIME_KUMA = 'uptime-kuma';

/** PENDING (retrying) and MAINTENANCE are not problems yet, so they map to no alert. */
const STATUS: Record<number, AlertStatus | undefined> = {
  [KUMA_STATUS.DOWN]: 'firing',
  [KUMA_STATUS.UP]: 'resolved',
};

/*
 * Kuma has no severity; a monitor tag named `severity` (or `sev`, `priority`) sets it:
 *   SEV1 | P1 | critical -> SEV1   SEV2 | P2 | high -> SEV2   SEV3 | P3 | warning -> SEV3
 *   SEV4 | P4 | P5 | low | info -> SEV4   no tag -> SEV3
 */
const TAG_SEVERITY: Record<string, AlertSeverity> = {
  sev1: 'SEV1',
  p1: 'SEV1',
  critical: 'SEV1',
  sev2: 'SEV2',
  p2: 'SEV2',
  high: 'SEV2',
  sev3: 'SEV3',
  p3: 'SEV3',
  warning: 'SEV3',
  sev4: 'SEV4',
  p4: 'SEV4',
  p5: 'SEV4',
  low: 'SEV4',
  info: 'SEV4',
};

export function uptimeKumaSeverity(monitor: Pick<UptimeKumaMonitorDto, 'tags'>): AlertSeverity {
  const tag = monitor.tags?.find((t) =>
    ['severity', 'sev', 'priority'].includes(t.name.toLowerCase()),
  );
  return (
    severityIn(TAG_SEVERITY, tag?.value?.toLowerCase().replace(/[^a-z0-9]/g, '')) ??
    DEFAULT_SEVERITY
  );
}

/** Kuma writes heartbeat times in UTC without a zone: `2025-03-14 09:12:41.552`. */
export function kumaTimeOf(time: string): string | undefined {
  const parsed = Date.parse(`${time.trim().replace(' ', 'T')}Z`);
  return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString();
}

export function mapUptimeKuma(
  payload: UptimeKumaPayloadDto,
  raw: unknown,
  receivedAt: Date,
): NormalizedAlert[] {
  const { heartbeat, monitor } = payload;
  if (!heartbeat || !monitor) return [];
  const status = STATUS[heartbeat.status];
  if (!status) return [];
  const at = kumaTimeOf(heartbeat.time);
  const endedAt = status === 'resolved' ? at : undefined;
  return [
    {
      source: UPTIME_KUMA,
      dedupKey: `monitor-${heartbeat.monitorID}`,
      status,
      severity: uptimeKumaSeverity(monitor),
      summary: `${monitor.name} is ${status === 'firing' ? 'down' : 'up'}`,
      description: heartbeat.msg || undefined,
      service: monitor.name,
      labels: labelsOf(monitor),
      startedAt: startOf(status === 'firing' ? at : undefined, endedAt, receivedAt),
      endedAt,
      links: monitor.url?.startsWith('http') ? [{ href: monitor.url, text: 'Monitored URL' }] : [],
      raw,
    },
  ];
}

function labelsOf(monitor: UptimeKumaMonitorDto): Record<string, string> {
  const labels: Record<string, string> = { monitorId: String(monitor.id) };
  if (monitor.type) labels['monitorType'] = monitor.type;
  if (monitor.hostname) labels['hostname'] = monitor.hostname;
  if (monitor.pathName) labels['path'] = monitor.pathName;
  for (const tag of monitor.tags ?? []) labels[`tag.${tag.name}`] = tag.value ?? '';
  return labels;
}
