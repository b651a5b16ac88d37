import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadPlan, Target } from './load-plan';
import { ROOT } from './settings';

export type BenchAlert = { fingerprint: string; startsAt: string; description: string };
export type HotGroup = { target: Target; service: string; alerts: BenchAlert[] };

type Fixture = { alerts: Record<string, unknown>[] } & Record<string, unknown>;
type AlertTemplate = {
  labels: Record<string, string>;
  annotations: Record<string, string>;
} & Record<string, unknown>;

/** Builds the load process's Alertmanager messages: new alerts, and repeats of the hot groups. */
export class StormMessages {
  private readonly fixture: Fixture;
  private readonly template: AlertTemplate;
  private counter = 0;
  /** The groups repeat messages repeat, opened by the seed phase. */
  hot: HotGroup[] = [];
  /** Set by each init; the count of alerts sent so far runs on across plans. */
  plan!: LoadPlan;

  constructor() {
    this.fixture = JSON.parse(
      readFileSync(join(ROOT, 'libs/alerts/src/sources/alertmanager/fixtures/firing.json'), 'utf8'),
    ) as Fixture;
    this.template = this.fixture.alerts[0] as AlertTemplate;
  }

  /** One Alertmanager message: the alerts of one service, as a group notification carries them. */
  body(service: string, alerts: BenchAlert[]): string {
    const template = this.template;
    const common = { ...template.labels, alertname: 'BenchStorm', service };
    const instance = alerts.length === 1 ? `,instance="${alerts[0].fingerprint}"` : '';
    return JSON.stringify({
      ...this.fixture,
      receiver: 'sitrep-bench',
      alerts: alerts.map(({ fingerprint, startsAt, description }) => ({
        ...template,
        labels: { ...common, instance: fingerprint },
        annotations: {
          ...template.annotations,
          summary: `Bench storm on ${service}`,
          description,
        },
        startsAt,
        fingerprint,
      })),
      groupLabels: { alertname: 'BenchStorm' },
      commonLabels: alerts.length === 1 ? { ...common, instance: alerts[0].fingerprint } : common,
      groupKey: `{}:{alertname="BenchStorm"${instance}}`,
    });
  }

  headersOf(target: Target) {
    return { 'content-type': 'application/json', authorization: `Bearer ${target.token}` };
  }

  /** `count` new alerts: fingerprints never sent before. */
  newAlerts(count: number): BenchAlert[] {
    const n = this.counter;
    this.counter += count;
    const startsAt = new Date().toISOString();
    return Array.from({ length: count }, (_, i) => ({
      fingerprint: `${this.plan.tag}-${(n + i).toString(16)}`,
      startsAt,
      description: `value ${n + i}`,
    }));
  }

  /** A message of `count` new alerts, round-robin over integrations and services. */
  fresh(count = 1) {
    const { plan } = this;
    const n = this.counter;
    const target = plan.integrations[n % plan.integrations.length];
    const service = `svc-${Math.floor(n / plan.integrations.length) % plan.services}`;
    const alerts = this.newAlerts(count);
    return { path: target.path, headers: this.headersOf(target), body: this.body(service, alerts) };
  }

  /**
   * A hot group's alerts again (same fingerprints, labels and startsAt, a new annotation value),
   * with new alerts of the group up to `count`.
   */
  repeat(count = 1) {
    const group = this.hot[Math.floor(Math.random() * this.hot.length)];
    const again = group.alerts.map((alert) => ({
      ...alert,
      description: `value ${this.counter++}`,
    }));
    const alerts = [...again, ...this.newAlerts(Math.max(0, count - again.length))];
    return {
      path: group.target.path,
      headers: this.headersOf(group.target),
      body: this.body(group.service, alerts),
    };
  }
}
