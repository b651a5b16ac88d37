import { availableParallelism } from 'node:os';
import { join } from 'node:path';

/** The bench's settings, from the environment (see bench/README.md), and the targets. */
export const ROOT = join(__dirname, '../..');
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
export const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
export const POOL_SIZE = process.env.BENCH_POOL_SIZE; // DATABASE_POOL_SIZE of the api and worker
export const INTEGRATIONS = Number(process.env.BENCH_INTEGRATIONS ?? 200);
export const SERVICES = Number(process.env.BENCH_SERVICES ?? 3);
export const HOT_ALERTS = Number(process.env.BENCH_HOT_ALERTS ?? 100);
export const REPEAT_SHARE = Number(process.env.BENCH_REPEAT_SHARE ?? 0.9);
export const GROUPING_WINDOW = Number(process.env.BENCH_GROUPING_WINDOW_SECONDS ?? 300);
export const SETTLE_SECONDS = Number(process.env.BENCH_SETTLE_SECONDS ?? 45);
export const BUILD = process.env.BENCH_BUILD !== '0';
export const PROF = ['1', 'cpu', 'perf'].includes(process.env.BENCH_PROF ?? '');
export const CPU_PROF = process.env.BENCH_PROF === 'cpu';
/** JIT symbol maps (/tmp/perf-<pid>.map) for `perf record`, which samples CPU time, not wall time. */
export const PERF_MAPS = process.env.BENCH_PROF === 'perf';
export const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
/** The intake alone during the storms, then the processor alone on the backlog (see README). */
export const SPLIT = process.env.BENCH_SPLIT === '1';

/** Alerts per message in the grouped storms, as Alertmanager groups them; 0 or 1 skips both. */
export const GROUPED = Number(process.env.BENCH_GROUPED_ALERTS ?? 10);
/** Seconds of the ceiling storm (a bare NestJS route, before Sitrep starts); 0 skips it. */
export const CEILING_SECONDS = Number(process.env.BENCH_CEILING_SECONDS ?? 8);

export const TARGETS = { a: 2000, b: 5000, p99: 100 };
export const CORES = availableParallelism();

/** Where the V8 profiles go (BENCH_PROF). */
export const PROF_DIR = join(ROOT, 'bench/.prof');
