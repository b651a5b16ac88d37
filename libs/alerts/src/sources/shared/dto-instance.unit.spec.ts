import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plainToInstance } from 'class-transformer';
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
import { dtoInstance } from './dto-instance';

type Dto = new () => object;
const dtos: [string, Dto][] = [
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
const fixtures: [string, Record<string, unknown>][] = readdirSync(sourcesDir).flatMap((source) => {
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
});

/** Bodies no vendor sends, shaped to trip a converter: wrong types where DTOs nest, and worse. */
function oddities(body: Record<string, unknown>): Record<string, unknown>[] {
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

describe('dtoInstance', () => {
  it('covers every DTO of the sources', () => {
    expect(dtos.length).toBeGreaterThanOrEqual(30);
    expect(fixtures.length).toBeGreaterThanOrEqual(25);
  });

  it.each(dtos)(
    '%s: builds what plainToInstance builds, from every fixture and oddity',
    (_, dto) => {
      for (const [, body] of fixtures) {
        for (const plain of [body, ...oddities(body)]) {
          const ours = dtoInstance(dto, plain);
          expect(ours).toStrictEqual(plainToInstance(dto, plain));
          expect(ours).toBeInstanceOf(dto);
          expect(Object.getPrototypeOf(ours)).toBe(dto.prototype);
        }
      }
    },
  );

  it('nests DTOs declared with @Type, arrays of them included', () => {
    const [, body] = fixtures.find(([name]) => name === 'alertmanager/firing.json')!;
    const payload = dtoInstance(alertmanager.AlertmanagerPayload, body);
    expect(payload.alerts.length).toBeGreaterThan(0);
    for (const alert of payload.alerts)
      expect(alert).toBeInstanceOf(alertmanager.AlertmanagerAlert);
    // What is not a DTO is the body's own value, not a copy.
    expect(payload.alerts[0].labels).toBe((body.alerts as { labels: unknown }[])[0].labels);
  });

  it('leaves a body key "__proto__" an ordinary property, never the prototype', () => {
    const plain = JSON.parse('{"__proto__": {"version": "4"}}') as Record<string, unknown>;
    const payload = dtoInstance(alertmanager.AlertmanagerPayload, plain);
    expect(Object.getPrototypeOf(payload)).toBe(alertmanager.AlertmanagerPayload.prototype);
    expect(payload.version).toBeUndefined();
  });
});
