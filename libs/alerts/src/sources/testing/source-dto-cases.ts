import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as alertmanager from '../alertmanager/alertmanager.payload';
import * as azure from '../azure-monitor/azure-monitor.payload';
import * as cloudwatch from '../cloudwatch-sns/cloudwatch-sns.payload';
import * as datadog from '../datadog/datadog.payload';
import * as gcp from '../google-cloud-monitoring/google-cloud-monitoring.payload';
import * as grafana from '../grafana/grafana.payload';
import * as opsgenie from '../opsgenie/opsgenie.payload';
import * as pagerduty from '../pagerduty/pagerduty.payload';
import * as sentry from '../sentry/sentry.payload';
import * as uptimeKuma from '../uptime-kuma/uptime-kuma.payload';

/** Every DTO class the sources declare, by its name. */
export type Dto = new () => object;
export const dtos: [string, Dto][] = [
  alertmanager,
  azure,
  cloudwatch,
  datadog,
  gcp,
  grafana,
  opsgenie,
  pagerduty,
  sentry,
  uptimeKuma,
].flatMap((module) =>
  Object.entries(module).filter((entry): entry is [string, Dto] => typeof entry[1] === 'function'),
);

const sourcesDir = join(__dirname, '..');
/** Every source's fixtures (CloudWatch's inner alarm parsed), by `source/file`. */
export const fixtures: [string, Record<string, unknown>][] = readdirSync(sourcesDir).flatMap(
  (source) => {
    const dir = join(sourcesDir, source, 'fixtures');
    let files: string[];
    try {
      files = readdirSync(dir).filter((file) => file.endsWith('.json'));
    } catch {
      return [];
    }
    return files.map((file): [string, Record<string, unknown>] => {
      const json = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
      // CloudWatch's alarm travels as JSON text inside the SNS envelope.
      const inner =
        typeof json.Message === 'string' && json.Message.startsWith('{')
          ? (JSON.parse(json.Message) as Record<string, unknown>)
          : null;
      return [`${source}/${file}`, inner ? { ...json, Message: inner } : json];
    });
  },
);

/** Bodies no vendor sends, shaped to trip a converter: wrong types where DTOs nest, and worse. */
export function oddities(body: Record<string, unknown>): Record<string, unknown>[] {
  const everyKey = (value: unknown) =>
    Object.fromEntries(Object.keys(body).map((key) => [key, value]));
  return [
    everyKey(null),
    everyKey('text'),
    everyKey([[{ a: 1 }], 'x', null, 7]),
    everyKey({ nested: { deeper: [1, { x: 'y' }] } }),
    JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {}}, "extra": 1}'),
  ];
}
