import type { Client } from 'pg';
import { ofCeiling, type Ceiling } from './ceiling';
import { cpuShare, cpuSnapshot } from './cpu';
import type { Storm } from './load-plan';
import type { Child, LoadProcess } from './process-control';
import { REPEAT_SHARE, SECONDS, SETTLE_SECONDS, WARMUP_SECONDS } from './settings';
import { unprocessed } from './settle';

type Pids = Record<string, number | undefined>;

/**
 * BENCH_SPLIT=1: the storms hit the intake with no worker running (so the answer rate and the api's
 * and database's CPU are the intake's alone), then the worker starts on the backlog and the
 * processor's own rate is measured from its first outcome to its last.
 */
export async function splitRun(
  db: Client,
  load: LoadProcess,
  accepted: string[],
  pids: Pids,
  startWorker: () => Promise<Child>,
  ceiling: Ceiling | null,
): Promise<void> {
  await intakeAlone(load, accepted, pids, ceiling);
  await db.query(`INSERT INTO bench_accepted (id) SELECT unnest($1::text[])`, [accepted]);
  await processorAlone(db, pids, startWorker);
}

async function intakeAlone(
  load: LoadProcess,
  accepted: string[],
  pids: Pids,
  ceiling: Ceiling | null,
): Promise<void> {
  const phases: Storm[] = [
    { kind: 'storm', name: '(a) all new', seconds: SECONDS, repeatShare: 0 },
    {
      kind: 'storm',
      name: `(b) ${Math.round(REPEAT_SHARE * 100)} % repeats`,
      seconds: SECONDS,
      repeatShare: REPEAT_SHARE,
    },
  ];
  const rows: Record<string, unknown>[] = [];
  await load.run({ kind: 'storm', name: 'warm-up', seconds: WARMUP_SECONDS, repeatShare: 0 });
  for (const phase of phases) {
    if (phase.repeatShare > 0) {
      accepted.push(...(await load.run({ kind: 'seed-hot', perGroup: 1 })).accepted);
    }
    const before = cpuSnapshot(pids);
    const started = performance.now();
    const r = await load.run(phase);
    const cpu = cpuShare(before, cpuSnapshot(pids), (performance.now() - started) / 1000);
    accepted.push(...r.accepted);
    rows.push({
      'intake alone': r.name,
      'alerts/s': Math.round(r.ok / r.seconds),
      'of ceiling': ofCeiling(r.ok / r.seconds, ceiling),
      'p50 ms': r.p50,
      'p99 ms': r.p99,
      non2xx: r.requests - r.ok,
      'api CPU': cpu.api,
      'postgres CPU': cpu.postgres,
      'load CPU': cpu.load,
    });
  }
  console.table(rows);
}

async function processorAlone(
  db: Client,
  pids: Pids,
  startWorker: () => Promise<Child>,
): Promise<void> {
  const backlog = await unprocessed(db);
  const worker = await startWorker();
  const withWorker = { ...pids, worker: worker.process.pid };
  const before = cpuSnapshot(withWorker);
  let first: number | null = null;
  const t0 = performance.now();
  for (;;) {
    const left = await unprocessed(db);
    if (first === null && left < backlog) first = performance.now();
    if (left === 0) break;
    if ((performance.now() - t0) / 1000 > SETTLE_SECONDS * 4)
      throw new Error('backlog not drained');
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = (performance.now() - (first ?? t0)) / 1000;
  const cpu = cpuShare(before, cpuSnapshot(withWorker), (performance.now() - t0) / 1000);
  console.log(
    `processor alone on a backlog of ${backlog} deliveries (mixed (a) and (b)): ` +
      `${Math.round(backlog / seconds)} deliveries/s over ${seconds.toFixed(1)} s; CPU`,
    cpu,
  );
}
