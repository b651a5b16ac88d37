import { join } from 'node:path';
import { ofCeiling, type Ceiling } from './ceiling';
import type { PhaseResult } from './load-plan';
import type { Child } from './process-control';
import {
  CORES,
  CPU_PROF,
  GROUPED,
  PERF_MAPS,
  PROF,
  PROF_DIR,
  SETTLE_SECONDS,
  TARGETS,
} from './settings';
import type { Settled } from './settle';
import type { StormRuns } from './storms';
import type { Check } from './verify';

/* What the bench prints: the storms, the decisions, the CPU, the checks, where the profiles are. */

export function printStorms(runs: StormRuns, ceiling: Ceiling | null): void {
  const { warm, a, b, groupedA, groupedB } = runs;
  console.log(
    '\nstorms (one alert per request unless said; alerts/s = alerts in the 2xx answers per second; ' +
      'processed/s = those alerts over the storm plus the time the processor needed after it to ' +
      'decide the last one; "of ceiling" = requests answered and processed per second, as a share ' +
      'of the fastify ceiling):',
  );
  const row = (run: { result: PhaseResult; settled: Settled }, target: number | null) =>
    stormRow(run.result, target, run.settled, ceiling);
  console.table([
    row(warm, null),
    row(a, TARGETS.a),
    row(b, TARGETS.b),
    ...(groupedA ? [row(groupedA, TARGETS.a)] : []),
    ...(groupedB ? [row(groupedB, TARGETS.b)] : []),
  ]);
  printDecisions(runs);
  printCpu(runs);
  console.log(
    `targets: (a) ≥ ${TARGETS.a}/s, (b) ≥ ${TARGETS.b}/s (answered and processed), p99 < ${TARGETS.p99} ms, every request 2xx`,
  );
}

const lagSeconds = (lag: number) => (Number.isNaN(lag) ? `>${SETTLE_SECONDS}` : lag.toFixed(2));

function stormRow(
  r: PhaseResult,
  target: number | null,
  settled: Settled,
  ceiling: Ceiling | null,
) {
  const rate = r.alerts / r.seconds;
  const processedRate = r.alerts / (r.seconds + settled.processed);
  const non2xx = Object.entries(r.statuses)
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, n]) => `${code}×${n}`)
    .join(' ');
  return {
    workload: r.name,
    'alerts/s': Math.round(rate),
    'processed/s': Number.isNaN(processedRate) ? 'n/a' : Math.round(processedRate),
    // In requests: what the intake answered of what the bare framework answers.
    'of ceiling': ofCeiling((r.ok / r.alerts) * Math.min(rate, processedRate || 0), ceiling),
    'target/s': target ?? '',
    'p50 ms': r.p50,
    'p97.5 ms': r.p975,
    'p99 ms': r.p99,
    'max ms': r.max,
    'non-2xx': non2xx || (r.errors ? '' : 0),
    'errors/timeouts': `${r.errors}/${r.timeouts}`,
    'processing lag s': lagSeconds(settled.processed),
    'read model lag s': lagSeconds(settled.readModel),
    pass: target === null ? '' : passes(r, target, rate, processedRate) ? 'PASS' : 'FAIL',
  };
}

function passes(r: PhaseResult, target: number, rate: number, processedRate: number): boolean {
  return rate >= target && processedRate >= target && r.p99 < TARGETS.p99 && r.ok === r.requests;
}

function printDecisions({ warm, a, b, groupedA, groupedB }: StormRuns): void {
  console.log('decisions per alert (from the processing outcomes):', {
    'warm-up': warm.settled.decisions,
    '(a)': a.settled.decisions,
    '(b)': b.settled.decisions,
    ...(groupedA ? { [`(a) ${GROUPED} per message`]: groupedA.settled.decisions } : {}),
    ...(groupedB ? { [`(b) ${GROUPED} per message`]: groupedB.settled.decisions } : {}),
  });
}

function printCpu({ cpu, perAlert }: StormRuns): void {
  console.log(`CPU during each storm (100 % = one core; the machine has ${CORES}):`);
  console.table(cpu);
  console.log(
    "CPU per alert in ms, from the storm's start until it was processed and in the read model, " +
      `and the alerts/s ${CORES} cores would carry at that cost (the load process included):`,
  );
  console.table(perAlert);
}

/** Alerts in the 2xx answers of every phase, the seeds included. */
export function answeredAlerts(runs: StormRuns): number {
  const { warm, a, seeded, b, groupedA, seededGroups, groupedB } = runs;
  return [
    warm.result,
    a.result,
    seeded,
    b.result,
    groupedA?.result,
    seededGroups,
    groupedB?.result,
  ].reduce((n, r) => n + (r?.alerts ?? 0), 0);
}

export function printChecks(checks: Check[], children: readonly Child[]): void {
  console.table(checks.map((c) => ({ ...c, pass: c.pass ? 'PASS' : 'FAIL' })));
  if (checks.some((c) => !c.pass)) {
    console.log('last lines of the children:');
    for (const child of children) console.log(child.output());
  }
}

export function printProfiles(): void {
  if (PERF_MAPS) {
    console.log('JIT symbols: /tmp/perf-<pid>.map, for `perf record -g -p <pid>` during a storm');
  } else if (PROF) {
    for (const name of ['api', 'worker']) {
      const file = join(PROF_DIR, CPU_PROF ? `${name}.cpuprofile` : `${name}-v8.log`);
      const open = CPU_PROF
        ? 'written when the process exits; open in Chrome DevTools (Performance)'
        : `node --prof-process ${file}`;
      console.log(`${name} profile: ${file} — ${open}`);
    }
  }
}
