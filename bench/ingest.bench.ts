/**
 * An alert storm over HTTP: Alertmanager webhooks fired by autocannon from a separate process at
 * the api (built, in a child process) backed by PostgreSQL, with the worker (child process)
 * processing the accepted deliveries and projecting through Kafka. Measures alerts/s and latency
 * for (a) all-new alerts and (b) 90 % repeats of open alerts, how fast the alert processor keeps
 * up, then checks every accepted alert is in the log and the read model. See bench/README.md.
 *
 * This file is the orchestrator, and the load process when forked in that role (bench/ingest/).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { Client } from 'pg';
import { createTestDatabase, dropTestDatabase } from '../libs/testing/src/test-database';
import { measureCeilings } from './ingest/ceiling';
import { loadProcess } from './ingest/load-process';
import type { LoadPlan } from './ingest/load-plan';
import {
  buildApps,
  freePort,
  LoadProcess,
  profArgs,
  startApp,
  waitForHealth,
  type Child,
} from './ingest/process-control';
import { answeredAlerts, printChecks, printProfiles, printStorms } from './ingest/reporting';
import { appEnv, createIntegrations, initialPlan } from './ingest/set-up';
import {
  BUILD,
  CEILING_SECONDS,
  CONNECTIONS,
  GROUPING_WINDOW,
  INTEGRATIONS,
  NODE_ARGS,
  POOL_SIZE,
  PROF,
  PROF_DIR,
  SECONDS,
  SERVICES,
  SPLIT,
  WARMUP_SECONDS,
} from './ingest/settings';
import { createBenchTables } from './ingest/settle';
import { splitRun } from './ingest/split-run';
import { Storms } from './ingest/storms';
import { verify } from './ingest/verify';

/** What the end of the run stops and closes, whatever happened. */
interface Session {
  db: Client;
  children: Child[];
  load: LoadProcess | null;
}

/** The api and worker, started as the run needs them; the worker not at once in a split run. */
interface Apps {
  apiPid: number | undefined;
  apiPort: number;
  worker: Child | null;
  startWorker: () => Promise<Child>;
}

async function main(): Promise<void> {
  if (BUILD) buildApps();
  const url = await createTestDatabase('sitrep_bench_ingest');
  const adminToken = `bench-admin-${randomBytes(16).toString('hex')}`;
  const env = appEnv(url, adminToken);
  const session: Session = { db: new Client({ connectionString: url }), children: [], load: null };
  try {
    await run(session, env, adminToken);
  } finally {
    session.load?.stop();
    for (const child of session.children.reverse()) await child.stop();
    await session.db.end().catch(() => undefined);
    await dropTestDatabase(url);
  }
}

async function run(session: Session, env: NodeJS.ProcessEnv, adminToken: string): Promise<void> {
  const [apiPort, workerPort] = [await freePort(), await freePort()];
  if (PROF) mkdirSync(PROF_DIR, { recursive: true });
  const load = (session.load = new LoadProcess());
  const plan = initialPlan();
  const ceiling = CEILING_SECONDS > 0 ? await measureCeilings(load, plan) : null;
  const apps = await startApps(session, env, apiPort, workerPort);
  const { db } = session;
  await db.connect();
  await createBenchTables(db);
  await prepareLoad(load, plan, `http://127.0.0.1:${apiPort}`, adminToken);
  const accepted: string[] = [];
  const pids = { api: apps.apiPid, worker: apps.worker?.process.pid, load: load.pid };
  if (SPLIT) {
    await splitRun(db, load, accepted, pids, apps.startWorker, ceiling);
    return;
  }
  const runs = await new Storms(db, load, pids, accepted).run();
  printStorms(runs, ceiling);
  console.log('\nevery accepted alert present:');
  printChecks(await verify(db, accepted, answeredAlerts(runs)), session.children);
  printProfiles();
}

async function startApps(
  session: Session,
  env: NodeJS.ProcessEnv,
  apiPort: number,
  workerPort: number,
): Promise<Apps> {
  const api = startApp('api', apiPort, env, [...NODE_ARGS, ...profArgs('api')]);
  session.children.push(api);
  await waitForHealth(api, apiPort); // the api migrates first; the worker then finds the schema
  const startWorker = async () => {
    const started = startApp('worker', workerPort, env, [...NODE_ARGS, ...profArgs('worker')]);
    session.children.push(started);
    await waitForHealth(started, workerPort);
    return started;
  };
  const worker = SPLIT ? null : await startWorker();
  return { apiPid: api.process.pid, apiPort, worker, startWorker };
}

/** The integrations the storms send to, created through the api, handed to the load process. */
async function prepareLoad(
  load: LoadProcess,
  plan: LoadPlan,
  baseUrl: string,
  adminToken: string,
): Promise<void> {
  const integrations = await createIntegrations(baseUrl, adminToken);
  console.log(
    `ingest: ${INTEGRATIONS} alertmanager integrations (openAs declared, grouping window ${GROUPING_WINDOW} s), ` +
      `${SERVICES} services each; ${CONNECTIONS} connections, api pool ${POOL_SIZE ?? '20 (default)'}; ` +
      `${SECONDS} s per storm after a ${WARMUP_SECONDS} s warm-up`,
  );
  await load.init({ ...plan, baseUrl, integrations });
}

if (process.env.BENCH_INGEST_ROLE === 'load') {
  loadProcess();
} else {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
