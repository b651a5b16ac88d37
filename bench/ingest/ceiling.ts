import { join } from 'node:path';
import { cpuShare, cpuSnapshot, cpuUsed } from './cpu';
import type { LoadPlan } from './load-plan';
import { spawnChild, waitForHealth, freePort, type LoadProcess } from './process-control';
import { CEILING_SECONDS, CORES, ROOT } from './settings';

export interface Ceiling {
  adapter: 'express' | 'fastify';
  rate: number;
  p50: number;
  p99: number;
  cpu: Record<string, string>;
  /** CPU seconds of the app and the load process per answer. */
  perAnswer: number;
}

/**
 * What the framework alone answers on this machine: the (a) storm's requests at a bare NestJS
 * route (bench/ingest-ceiling.app.ts), with nothing else running; on Sitrep's adapter (fastify),
 * then on express's for comparison. Sitrep's rates are also shown as a share of the fastify one,
 * which says more across machines than the rates do.
 */
export async function measureCeiling(
  load: LoadProcess,
  plan: LoadPlan,
  adapter: Ceiling['adapter'],
): Promise<Ceiling> {
  const port = await freePort();
  const app = spawnChild(
    `ceiling (${adapter})`,
    ['-r', 'ts-node/register/transpile-only', join(ROOT, 'bench/ingest-ceiling.app.ts')],
    {
      ...process.env,
      PORT: String(port),
      CEILING_ADAPTER: adapter,
      TS_NODE_TRANSPILE_ONLY: 'true',
    },
  );
  try {
    await waitForHealth(app, port, '/webhooks/ready', 404);
    await load.init({ ...plan, baseUrl: `http://127.0.0.1:${port}` });
    await load.run({ kind: 'storm', name: 'ceiling warm-up', seconds: 2, repeatShare: 0 });
    const pids = { app: app.process.pid, load: load.pid };
    const before = cpuSnapshot(pids);
    const started = performance.now();
    const r = await load.run({
      kind: 'storm',
      name: 'ceiling',
      seconds: CEILING_SECONDS,
      repeatShare: 0,
    });
    const after = cpuSnapshot(pids);
    const cpu = cpuShare(before, after, (performance.now() - started) / 1000);
    const used = cpuUsed(before, after);
    const perAnswer = ((used.app ?? 0) + (used.load ?? 0)) / r.ok;
    return { adapter, rate: r.ok / r.seconds, p50: r.p50, p99: r.p99, cpu, perAnswer };
  } finally {
    await app.stop();
  }
}

/** Both ceilings, printed; the fastify one, which the storms are compared with. */
export async function measureCeilings(load: LoadProcess, plan: LoadPlan): Promise<Ceiling> {
  const ceilings = [
    await measureCeiling(load, plan, 'fastify'),
    await measureCeiling(load, plan, 'express'),
  ];
  console.log(
    'ceilings: a bare NestJS route answering the same requests, nothing else running ' +
      '(fastify is the adapter Sitrep runs on; "of ceiling" below is of that one):',
  );
  console.table(
    ceilings.map((c) => ({
      adapter: c.adapter,
      'answers/s': Math.round(c.rate),
      'p50 ms': c.p50,
      'p99 ms': c.p99,
      'app CPU': c.cpu.app,
      'load CPU': c.cpu.load,
      'app + load ms/answer': (1000 * c.perAnswer).toFixed(3),
      [`${CORES} cores ÷ that /s`]: Math.round(CORES / c.perAnswer),
    })),
  );
  return ceilings[0];
}

export const ofCeiling = (rate: number, ceiling: Ceiling | null) =>
  ceiling ? `${Math.round((100 * rate) / ceiling.rate)} %` : 'n/a';
