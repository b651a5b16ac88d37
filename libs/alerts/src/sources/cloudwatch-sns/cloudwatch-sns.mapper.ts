import type { AlertSeverity, AlertStatus, NormalizedAlert } from '../../normalized-alert';
import { DEFAULT_SEVERITY } from '../shared/alert-fields';
import { isoOf, startOf } from '../shared/alert-times';
import type { CloudWatchAlarmDto, CloudWatchState, SnsEnvelopeDto } from './cloudwatch-sns.payload';

export const CLOUDWATCH_SNS = 'cloudwatch-sns';

/** INSUFFICIENT_DATA says nothing about the problem either way, so it maps to no alert. */
const STATUS: Record<CloudWatchState, AlertStatus | undefined> = {
  ALARM: 'firing',
  OK: 'resolved',
  INSUFFICIENT_DATA: undefined,
};

/*
 * CloudWatch alarms have no severity. Teams put one in the alarm's description or name; the first
 * token found (description first) decides, else SEV3:
 *   SEV1 | P1 | critical -> SEV1    SEV2 | P2 | high | major -> SEV2
 *   SEV3 | P3 | warning | medium -> SEV3    SEV4 | P4 | P5 | low | info -> SEV4
 */
const SEVERITY_TOKENS: [RegExp, AlertSeverity][] = [
  [/\b(sev-?1|p1|critical)\b/i, 'SEV1'],
  [/\b(sev-?2|p2|high|major)\b/i, 'SEV2'],
  [/\b(sev-?3|p3|warning|medium)\b/i, 'SEV3'],
  [/\b(sev-?4|p4|p5|low|info)\b/i, 'SEV4'],
];

export function cloudWatchSeverity(
  alarm: Pick<CloudWatchAlarmDto, 'AlarmName' | 'AlarmDescription'>,
) {
  for (const text of [alarm.AlarmDescription ?? '', alarm.AlarmName]) {
    const found = SEVERITY_TOKENS.filter(([token]) => token.test(text)).map(([, sev]) => sev);
    if (found.length > 0) return found[0];
  }
  return DEFAULT_SEVERITY;
}

/** `arn:aws:cloudwatch:<region>:<account>:alarm:<name>` or the topic's ARN give the region code. */
export function regionOf(alarm: CloudWatchAlarmDto, topicArn: string): string | undefined {
  return (alarm.AlarmArn ?? topicArn).split(':')[3] || undefined;
}

export function cloudWatchDedupKey(alarm: CloudWatchAlarmDto, topicArn: string): string {
  if (alarm.AlarmArn) return alarm.AlarmArn;
  return `${alarm.AWSAccountId}:${regionOf(alarm, topicArn) ?? 'unknown-region'}:${alarm.AlarmName}`;
}

export function mapCloudWatchAlarm(
  envelope: SnsEnvelopeDto,
  alarm: CloudWatchAlarmDto,
  raw: unknown,
  receivedAt: Date,
): NormalizedAlert[] {
  const status = STATUS[alarm.NewStateValue];
  if (!status) return [];
  const changedAt = isoOf(alarm.StateChangeTime) ?? isoOf(envelope.Timestamp);
  const region = regionOf(alarm, envelope.TopicArn);
  const endedAt = status === 'resolved' ? changedAt : undefined;
  return [
    {
      source: CLOUDWATCH_SNS,
      dedupKey: cloudWatchDedupKey(alarm, envelope.TopicArn),
      status,
      severity: cloudWatchSeverity(alarm),
      summary: alarm.AlarmName,
      description: [alarm.AlarmDescription, alarm.NewStateReason].filter(Boolean).join('\n\n'),
      service: alarm.Trigger?.Namespace,
      labels: labelsOf(alarm, region),
      // An OK does not say when the alarm began; only an ALARM's change time is a start.
      startedAt: startOf(status === 'firing' ? changedAt : undefined, endedAt, receivedAt),
      endedAt,
      links: region
        ? [{ href: consoleUrl(region, alarm.AlarmName), text: 'CloudWatch alarm' }]
        : [],
      raw,
    },
  ];
}

function labelsOf(alarm: CloudWatchAlarmDto, region: string | undefined): Record<string, string> {
  const trigger = alarm.Trigger;
  const labels: Record<string, string> = { awsAccountId: alarm.AWSAccountId };
  if (region) labels['region'] = region;
  if (alarm.OldStateValue) labels['oldState'] = alarm.OldStateValue;
  labels['newState'] = alarm.NewStateValue;
  if (trigger?.Namespace) labels['namespace'] = trigger.Namespace;
  if (trigger?.MetricName) labels['metricName'] = trigger.MetricName;
  for (const dimension of trigger?.Dimensions ?? []) {
    labels[`dimension.${dimension.name}`] = dimension.value;
  }
  return labels;
}

function consoleUrl(region: string, alarmName: string): string {
  return (
    `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}` +
    `#alarmsV2:alarm/${encodeURIComponent(alarmName)}`
  );
}
