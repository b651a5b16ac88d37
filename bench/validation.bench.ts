/**
 * What parsing a webhook body into its DTO costs the intake (`source.parse`: JSON, the DTO instance,
 * class-validator), with class-validator's metadata lookups remembered per class
 * (cacheValidationMetadata, as the apps run) and without. See bench/README.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import '../apps/api/src/api.module'; // every DTO of the api registered, as in the running app
import type { AlertSource } from '../libs/alerts/src/alert-source';
import { alertmanagerSource } from '../libs/alerts/src/sources/alertmanager/alertmanager.source';
import { azureMonitorSource } from '../libs/alerts/src/sources/azure-monitor/azure-monitor.source';
import { datadogSource } from '../libs/alerts/src/sources/datadog/datadog.source';
import { grafanaSource } from '../libs/alerts/src/sources/grafana/grafana.source';
import { pagerDutySource } from '../libs/alerts/src/sources/pagerduty/pagerduty.source';
import { sentrySource } from '../libs/alerts/src/sources/sentry/sentry.source';
import {
  cacheValidationMetadata,
  uncacheValidationMetadata,
} from '../libs/platform/src/http/validation-metadata-cache';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const RUN_MS = Number(process.env.BENCH_RUN_MS ?? 500);

/** A source, one of its fixtures, and the headers its sender sets beyond the content type. */
const cases: [AlertSource, string, Record<string, string>?][] = [
  [alertmanagerSource, 'alertmanager/fixtures/firing.json'],
  [grafanaSource, 'grafana/fixtures/firing.json'],
  [pagerDutySource, 'pagerduty/fixtures/trigger.json'],
  [datadogSource, 'datadog/fixtures/default-firing.json'],
  [
    sentrySource,
    'sentry/fixtures/metric-alert-critical.json',
    { 'sentry-hook-resource': 'metric_alert' },
  ],
  [azureMonitorSource, 'azure-monitor/fixtures/metric-alert-fired.json'],
];

/** µs per parse of `text` by `source`, over RUN_MS; a fresh buffer each time, as a delivery is. */
function microsPerParse(source: AlertSource, text: string, extra: Record<string, string> = {}) {
  const headers = { 'content-type': 'application/json', ...extra };
  const started = performance.now();
  let n = 0;
  while (performance.now() - started < RUN_MS) {
    for (let i = 0; i < 100; i++, n++) {
      const parsed = source.parse({
        rawBody: Buffer.from(text),
        headers,
        query: {},
        receivedAt: new Date(),
      });
      if (!parsed.ok) throw new Error(`${source.name}: ${parsed.problems.join('; ')}`);
    }
  }
  return ((performance.now() - started) * 1000) / n;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const rows = cases.map(([source, fixture, headers]) => {
  const text = readFileSync(join(__dirname, '../libs/alerts/src/sources', fixture), 'utf8');
  const uncached: number[] = [];
  const cached: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    uncacheValidationMetadata();
    uncached.push(microsPerParse(source, text, headers));
    cacheValidationMetadata();
    cached.push(microsPerParse(source, text, headers));
  }
  return {
    fixture,
    bytes: Buffer.byteLength(text),
    'µs uncached': median(uncached).toFixed(1),
    'µs cached': median(cached).toFixed(1),
    'cached/uncached': (median(cached) / median(uncached)).toFixed(2),
  };
});
console.log(
  `source.parse per body (JSON, DTO, class-validator), median of ${RUNS} interleaved runs of ${RUN_MS} ms:`,
);
console.table(rows);
