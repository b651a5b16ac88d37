/**
 * An alert storm over HTTP: Alertmanager webhooks fired by autocannon from a separate process at
 * the api (built, in a child process) backed by PostgreSQL, with the worker (child process)
 * processing the accepted deliveries and projecting through Kafka. Measures alerts/s and latency
 * for (a) all-new alerts and (b) 90 % repeats of open alerts, how fast the alert processor keeps
 * up, then checks every accepted alert is in the log and the read model. See bench/README.md.
 */
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, dropTestDatabase } from '../libs/testing/src/test-database';

const ROOT = join(__dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const POOL_SIZE = process.env.BENCH_POOL_SIZE; // DATABASE_POOL_SIZE of the api and worker
const INTEGRATIONS = Number(process.env.BENCH_INTEGRATIONS ?? 200);
const SERVICES = Number(process.env.BENCH_SERVICES ?? 3);
const HOT_ALERTS = Number(process.env.BENCH_HOT_ALERTS ?? 100);
const REPEAT_SHARE = Number(process.env.BENCH_REPEAT_SHARE ?? 0.9);
const GROUPING_WINDOW = Number(process.env.BENCH_GROUPING_WINDOW_SECONDS ?? 300);
const SETTLE_SECONDS = Number(process.env.BENCH_SETTLE_SECONDS ?? 45);
const BUILD = process.env.BENCH_BUILD !== '0';
const PROF = ['1', 'cpu', 'perf'].includes(process.env.BENCH_PROF ?? '');
const CPU_PROF = process.env.BENCH_PROF === 'cpu';
/** JIT symbol maps (/tmp/perf-<pid>.map) for `perf record`, which samples CPU time, not wall time. */
const PERF_MAPS = process.env.BENCH_PROF === 'perf';
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
/** The door alone during the storms, then the processor alone on the backlog (see README). */
const SPLIT = process.env.BENCH_SPLIT === '1';

/** Alerts per message in the grouped storms, as Alertmanager groups them; 0 or 1 skips both. */
const GROUPED = Number(process.env.BENCH_GROUPED_ALERTS ?? 10);
/** Seconds of the ceiling storm (a bare NestJS route, before Sitrep starts); 0 skips it. */
const CEILING_SECONDS = Number(process.env.BENCH_CEILING_SECONDS ?? 8);

const TARGETS = { a: 2000, b: 5000, p99: 100 };
const CORES = availableParallelism();

// ---------------------------------------------------------------------------------------------
// Shared: the load plan and what the load process reports back.

interface Target {
  path: string;
  token: string;
}

interface LoadPlan {
  baseUrl: string;
  integrations: Target[];
  services: number;
  connections: number;
  hotAlerts: number;
  repeatShare: number;
  tag: string;
}

type Storm = {
  kind: 'storm';
  name: string;
  seconds: number;
  /** The share of messages that repeat a hot group's alerts (the rest are all new). */
  repeatShare: number;
  /**
   * Alerts per Alertmanager message (1 unless said). A repeat carries its hot group's alerts and
   * new alerts of the same group up to this many, as Alertmanager notifies a group that grew.
   */
  alertsPerRequest?: number;
};
/** Opens `hotAlerts` groups of `perGroup` alerts (one message each) for the repeats to repeat. */
type SeedHot = { kind: 'seed-hot'; perGroup: number };
type Phase = Storm | SeedHot;

interface PhaseResult {
  name: string;
  seconds: number;
  requests: number;
  ok: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  p50: number;
  p975: number;
  p99: number;
  max: number;
  /** deliveryId of every 2xx, to check afterwards that each is on file. */
  accepted: string[];
  /** Alerts in the 2xx answers (more than `ok` when messages carry several). */
  alerts: number;
}

// ---------------------------------------------------------------------------------------------
// The load process (forked child): builds Alertmanager payloads and fires them with autocannon.

function loadProcess(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const autocannon = require('autocannon') as (opts: object) => Promise<AutocannonResult>;
  const fixture = JSON.parse(
    readFileSync(join(ROOT, 'libs/alerts/src/sources/alertmanager/fixtures/firing.json'), 'utf8'),
  ) as { alerts: Record<string, unknown>[] } & Record<string, unknown>;
  const template = fixture.alerts[0] as {
    labels: Record<string, string>;
    annotations: Record<string, string>;
  } & Record<string, unknown>;
  let plan: LoadPlan;
  let counter = 0;
  type BenchAlert = { fingerprint: string; startsAt: string; description: string };
  type HotGroup = { target: Target; service: string; alerts: BenchAlert[] };
  let hot: HotGroup[] = [];
  /** One Alertmanager message: the alerts of one service, as a group notification carries them. */
  const body = (service: string, alerts: BenchAlert[]) => {
    const common = { ...template.labels, alertname: 'BenchStorm', service };
    const instance = alerts.length === 1 ? `,instance="${alerts[0].fingerprint}"` : '';
    return JSON.stringify({
      ...fixture,
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
  };
  const headersOf = (target: Target) => ({
    'content-type': 'application/json',
    authorization: `Bearer ${target.token}`,
  });
  /** `count` new alerts: fingerprints never sent before. */
  const newAlerts = (count: number): BenchAlert[] => {
    const n = counter;
    counter += count;
    const startsAt = new Date().toISOString();
    return Array.from({ length: count }, (_, i) => ({
      fingerprint: `${plan.tag}-${(n + i).toString(16)}`,
      startsAt,
      description: `value ${n + i}`,
    }));
  };
  /** A message of `count` new alerts, round-robin over integrations and services. */
  const fresh = (count = 1) => {
    const n = counter;
    const target = plan.integrations[n % plan.integrations.length];
    const service = `svc-${Math.floor(n / plan.integrations.length) % plan.services}`;
    const alerts = newAlerts(count);
    return { path: target.path, headers: headersOf(target), body: body(service, alerts) };
  };
  /**
   * A hot group's alerts again (same fingerprints, labels and startsAt, a new annotation value),
   * with new alerts of the group up to `count`.
   */
  const repeat = (count = 1) => {
    const group = hot[Math.floor(Math.random() * hot.length)];
    const again = group.alerts.map((alert) => ({ ...alert, description: `value ${counter++}` }));
    const alerts = [...again, ...newAlerts(Math.max(0, count - again.length))];
    return {
      path: group.target.path,
      headers: headersOf(group.target),
      body: body(group.service, alerts),
    };
  };

  async function storm({
    name,
    seconds,
    repeatShare,
    alertsPerRequest = 1,
  }: Storm): Promise<PhaseResult> {
    const accepted: string[] = [];
    let alerts = 0;
    let unparsable = 0;
    const result = await autocannon({
      url: plan.baseUrl,
      connections: plan.connections,
      duration: seconds,
      timeout: 10,
      requests: [
        {
          method: 'POST',
          setupRequest: (req: object) => ({
            ...req,
            ...(Math.random() < repeatShare && hot.length > 0
              ? repeat(alertsPerRequest)
              : fresh(alertsPerRequest)),
          }),
          onResponse: (status: number, text: string) => {
            if (status < 200 || status > 299) return;
            try {
              const answer = JSON.parse(text) as { deliveryId: string; alerts?: unknown[] };
              accepted.push(answer.deliveryId);
              alerts += answer.alerts?.length ?? 1;
            } catch {
              unparsable += 1;
            }
          },
        },
      ],
    });
    const statuses: Record<string, number> = {};
    for (const [code, s] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = s.count;
    if (unparsable > 0) statuses['2xx with an unparsable body'] = unparsable;
    return {
      name,
      seconds: result.duration,
      requests: result.requests.total,
      ok: result['2xx'],
      statuses,
      errors: result.errors,
      timeouts: result.timeouts,
      p50: result.latency.p50,
      p975: result.latency.p97_5,
      p99: result.latency.p99,
      max: result.latency.max,
      accepted,
      alerts,
    };
  }

  /** The groups a repeat storm repeats, opened before it starts (10 messages at a time). */
  async function seedHot({ perGroup }: SeedHot): Promise<PhaseResult> {
    const accepted: string[] = [];
    const statuses: Record<string, number> = {};
    const started = Date.now();
    let next = 0;
    let alerts = 0;
    hot = [];
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < plan.hotAlerts) {
          const i = next++;
          const startsAt = new Date().toISOString();
          const group: HotGroup = {
            target: plan.integrations[i % plan.integrations.length],
            service: `svc-${i % plan.services}`,
            alerts: Array.from({ length: perGroup }, (_, k) => ({
              fingerprint: `${plan.tag}-hot-${i}-${k}-${perGroup}`,
              startsAt,
              description: 'value 0',
            })),
          };
          const res = await fetch(plan.baseUrl + group.target.path, {
            method: 'POST',
            headers: headersOf(group.target),
            body: body(group.service, group.alerts),
          });
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          const answer = (await res.json()) as { deliveryId: string };
          if (!res.ok) continue;
          accepted.push(answer.deliveryId);
          alerts += perGroup;
          hot.push(group);
        }
      }),
    );
    return {
      name: 'seed hot alerts',
      seconds: (Date.now() - started) / 1000,
      requests: plan.hotAlerts,
      ok: accepted.length,
      statuses,
      errors: 0,
      timeouts: 0,
      p50: NaN,
      p975: NaN,
      p99: NaN,
      max: NaN,
      accepted,
      alerts,
    };
  }

  process.on('message', (message: { plan?: LoadPlan; phase?: Phase }) => {
    if (message.plan) {
      plan = message.plan;
      process.send!({ ready: true });
      return;
    }
    const phase = message.phase!;
    const run = phase.kind === 'seed-hot' ? seedHot(phase) : storm(phase);
    run.then(
      (result) => process.send!({ result }),
      (error: Error) => process.send!({ error: error.stack ?? String(error) }),
    );
  });
}

interface AutocannonResult {
  duration: number;
  requests: { total: number; average: number };
  latency: { p50: number; p97_5: number; p99: number; max: number };
  '2xx': number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats?: Record<string, { count: number }>;
}

// ---------------------------------------------------------------------------------------------
// The orchestrator: database, api and worker children, integrations, phases, checks, table.

class Child {
  private readonly tail: string[] = [];
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    readonly process: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line) this.tail.push(line);
      this.tail.splice(0, Math.max(0, this.tail.length - 40));
    };
    process.stdout?.on('data', keep);
    process.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => process.once('exit', (code) => resolve(code)));
  }

  output(): string {
    return this.tail.map((l) => `  [${this.name}] ${l}`).join('\n');
  }

  /** SIGTERM (Nest's shutdown hooks close the app), SIGKILL after 10 s. */
  async stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), PROF ? 60_000 : 10_000);
    await this.exited;
    clearTimeout(timer);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function startApp(name: 'api' | 'worker', port: number, env: NodeJS.ProcessEnv, args: string[]) {
  const script = join(ROOT, `dist/apps/${name}/apps/${name}/src/main.js`);
  return spawnChild(name, [...args, script], { ...env, PORT: String(port), HOST: '127.0.0.1' });
}

function spawnChild(name: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Child(name, child);
}

interface Ceiling {
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
async function measureCeiling(
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

const ofCeiling = (rate: number, ceiling: Ceiling | null) =>
  ceiling ? `${Math.round((100 * rate) / ceiling.rate)} %` : 'n/a';

/** Until `path` answers `status` (the apps' /health: 200; the ceiling: any route's 404). */
async function waitForHealth(child: Child, port: number, path = '/health', status = 200) {
  const deadline = Date.now() + 90_000;
  let exited = false;
  void child.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${child.name} exited during start-up:\n${child.output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      if (res.status === status) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${child.name} did not answer ${path} within 90 s:\n${child.output()}`);
}

async function createIntegrations(baseUrl: string, adminToken: string): Promise<Target[]> {
  const targets: Target[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < INTEGRATIONS) {
        const i = next++;
        const res = await fetch(`${baseUrl}/api/v1/integrations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
          body: JSON.stringify({
            source: 'alertmanager',
            name: `bench storm ${i}`,
            openAs: 'declared',
            groupingWindowSeconds: GROUPING_WINDOW,
            authMode: 'bearer',
          }),
        });
        if (res.status !== 201) {
          throw new Error(`POST /api/v1/integrations: ${res.status} ${await res.text()}`);
        }
        const created = (await res.json()) as {
          webhookPath: string;
          credentials: { kind: string; secret: string }[];
        };
        const token = created.credentials.find((c) => c.kind === 'token')!.secret;
        targets.push({ path: created.webhookPath, token });
      }
    }),
  );
  return targets;
}

class LoadProcess {
  private readonly child: ChildProcess;

  constructor() {
    this.child = fork(__filename, [], {
      cwd: ROOT,
      execArgv: ['-r', 'ts-node/register/transpile-only'],
      env: { ...process.env, BENCH_INGEST_ROLE: 'load', TS_NODE_TRANSPILE_ONLY: 'true' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  private ask<T>(message: object): Promise<T> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`load process exited (${code})`));
      this.child.once('exit', onExit);
      this.child.once('message', (reply: { error?: string } & T) => {
        this.child.off('exit', onExit);
        if (reply.error) reject(new Error(reply.error));
        else resolve(reply);
      });
      this.child.send(message);
    });
  }

  async init(plan: LoadPlan): Promise<void> {
    await this.ask<{ ready: true }>({ plan });
  }

  async run(phase: Phase): Promise<PhaseResult> {
    return (await this.ask<{ result: PhaseResult }>({ phase })).result;
  }

  stop(): void {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
  }
}

/** Accepted deliveries (by id) the alert processor has not recorded an outcome for yet. */
async function unprocessed(db: Client): Promise<number> {
  const [row] = (
    await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM bench_accepted a
        WHERE NOT EXISTS (SELECT 1 FROM webhook_delivery_outcomes o WHERE o.delivery_id::text = a.id)`,
    )
  ).rows;
  return Number(row.n);
}

/**
 * Events that attach an alert's episode to an incident: the attach, or a firing that carries its
 * attachment (the two decided together are appended as one); `ATTACHED_TO` is that incident.
 */
const ATTACHES = `(e.type = 'AlertAttachedToIncident'
  OR (e.type IN ('AlertFired', 'AlertRefired') AND e.data ? 'attachment'))`;
const ATTACHED_TO = `coalesce(e.data->'attachment'->>'incidentId', e.data->>'incidentId')`;

/**
 * Which decision event carries each accepted delivery (an attach, or the firing carrying it, for
 * a new alert; a repeat — possibly counting several deliveries — for the others), into
 * bench_carried: the read model keys its rows by (stream, position) of those events. Call once
 * the deliveries are processed.
 */
async function findCarriers(db: Client): Promise<void> {
  await db.query(`TRUNCATE bench_carried`);
  await db.query(
    `INSERT INTO bench_carried (id, stream_id, position)
     SELECT DISTINCT ON (c.id) c.id, e.stream_id, e.stream_position
       FROM events e
       CROSS JOIN LATERAL (
         SELECT e.data->>'deliveryId' AS id
         UNION SELECT jsonb_array_elements_text(coalesce(e.data->'deliveryIds', '[]'::jsonb))) c
       JOIN bench_accepted a ON a.id = c.id
      WHERE ${ATTACHES} OR e.type = 'AlertRepeated'
      ORDER BY c.id, e.global_position`,
  );
}

/** Accepted deliveries whose decision is not yet in the incident_alerts read model with an incident. */
async function missingInReadModel(db: Client): Promise<number> {
  const [row] = (
    await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM bench_accepted a
        WHERE NOT EXISTS (SELECT 1 FROM bench_carried c JOIN incident_alerts r
                            ON r.stream_id = c.stream_id AND r.position = c.position
                           WHERE c.id = a.id AND r.incident_id IS NOT NULL)`,
    )
  ).rows;
  return Number(row.n);
}

interface Settled {
  /** Seconds after the storm until the processor had an outcome for every accepted delivery. */
  processed: number;
  /** … and until the incident_alerts read model (via Kafka) held every one. */
  readModel: number;
  decisions: Record<string, number>;
}

/** Waits until `probe` counts 0 (polled every 50 ms); seconds since `started`, NaN past the limit. */
async function until(probe: () => Promise<number>, started: number): Promise<number> {
  for (;;) {
    const missing = await probe();
    const seconds = (performance.now() - started) / 1000;
    if (missing === 0) return seconds;
    if (seconds > SETTLE_SECONDS) return NaN;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** After a storm: how long processing and the read model lagged, and what was decided. */
async function settle(db: Client, phase: string[]): Promise<Settled> {
  const started = performance.now();
  await db.query(`TRUNCATE bench_accepted`);
  await db.query(`INSERT INTO bench_accepted (id) SELECT unnest($1::text[])`, [phase]);
  const processed = await until(() => unprocessed(db), started);
  await findCarriers(db);
  const readModel = await until(() => missingInReadModel(db), started);
  const rows = (
    await db.query<{ decision: string; n: string }>(
      `SELECT coalesce(a->>'decision', o.status) AS decision, count(*) AS n
         FROM bench_accepted b JOIN webhook_delivery_outcomes o ON o.delivery_id::text = b.id
         LEFT JOIN LATERAL jsonb_array_elements(o.outcome->'alerts') a ON true
        GROUP BY 1 ORDER BY 2 DESC`,
    )
  ).rows;
  return {
    processed,
    readModel,
    decisions: Object.fromEntries(rows.map((r) => [r.decision, Number(r.n)])),
  };
}

interface Check {
  check: string;
  value: number | string;
  pass: boolean;
}

async function verify(db: Client, accepted: string[], answeredAlerts: number): Promise<Check[]> {
  await db.query(`TRUNCATE bench_accepted`);
  await db.query(`INSERT INTO bench_accepted (id) SELECT unnest($1::text[])`, [accepted]);
  const one = async (sql: string) => Number((await db.query<{ n: string }>(sql)).rows[0].n);
  const notAccepted = await one(
    `SELECT count(*) AS n FROM bench_accepted a
      WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries d
                         WHERE d.id::text = a.id AND d.status = 'accepted')`,
  );
  await findCarriers(db);
  const notInLog = await one(
    `SELECT count(*) AS n FROM bench_accepted a
      WHERE NOT EXISTS (SELECT 1 FROM bench_carried c WHERE c.id = a.id)`,
  );
  const notProcessed = await one(
    `SELECT count(*) AS n FROM bench_accepted a
      WHERE NOT EXISTS (SELECT 1 FROM webhook_delivery_outcomes o
                         WHERE o.delivery_id::text = a.id AND o.status = 'processed')`,
  );
  const unattached = await one(
    `SELECT count(*) AS n FROM (
        SELECT stream_id FROM events WHERE type = 'AlertFired'
        EXCEPT SELECT stream_id FROM events e WHERE ${ATTACHES}) s`,
  );
  const notInReadModel = await missingInReadModel(db);
  // Per alert (a delivery may carry several): each has a decision, each attach is in the read model.
  const decided = await one(
    `SELECT coalesce(sum(jsonb_array_length(o.outcome->'alerts')), 0) AS n
       FROM bench_accepted a JOIN webhook_delivery_outcomes o ON o.delivery_id::text = a.id`,
  );
  const attachesNotInReadModel = await one(
    `SELECT count(*) AS n FROM events e
      WHERE ${ATTACHES}
        AND NOT EXISTS (SELECT 1 FROM incident_alerts r
                         WHERE r.stream_id = e.stream_id AND r.position = e.stream_position
                           AND r.incident_id IS NOT NULL)`,
  );
  const acceptedInDb = await one(
    `SELECT count(*) AS n FROM webhook_deliveries WHERE status = 'accepted'`,
  );
  const failedInDb = await one(
    `SELECT count(*) AS n FROM webhook_deliveries WHERE status <> 'accepted'`,
  );
  const alertStreams = await one(`SELECT count(*) AS n FROM events WHERE type = 'AlertFired'`);
  const declared = await one(`SELECT count(*) AS n FROM events WHERE type = 'IncidentDeclared'`);
  const incidentsAttached = await one(
    `SELECT count(DISTINCT ${ATTACHED_TO}) AS n FROM events e WHERE ${ATTACHES}`,
  );
  const listed = await one(`SELECT count(*) AS n FROM incident_list`).catch(() => NaN);
  const failures = (
    await db.query<{ status: string; message: string | null; n: string }>(
      `SELECT status, left(outcome->>'message', 120) AS message, count(*) AS n
         FROM webhook_deliveries WHERE status <> 'accepted'
        GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 5`,
    )
  ).rows;
  if (failures.length > 0) {
    console.log('deliveries not accepted, by status and message:');
    console.table(failures);
  }
  return [
    { check: '2xx answers seen by the load process', value: accepted.length, pass: true },
    {
      check: 'deliveries accepted in webhook_deliveries (incl. ones cut off at the end)',
      value: acceptedInDb,
      pass: acceptedInDb >= accepted.length,
    },
    { check: 'deliveries not accepted (rate-limited, failed, …)', value: failedInDb, pass: true },
    { check: '2xx not recorded as accepted', value: notAccepted, pass: notAccepted === 0 },
    {
      check: '2xx without a processed outcome',
      value: notProcessed,
      pass: notProcessed === 0,
    },
    {
      check: '2xx whose alert decision (attach or repeat event) is not in the log',
      value: notInLog,
      pass: notInLog === 0,
    },
    { check: 'alert streams (AlertFired)', value: alertStreams, pass: true },
    {
      check: 'alert streams never attached to an incident',
      value: unattached,
      pass: unattached === 0,
    },
    {
      check: '2xx missing from incident_alerts (read model via Kafka)',
      value: notInReadModel,
      pass: notInReadModel === 0,
    },
    { check: 'alerts in the 2xx answers', value: answeredAlerts, pass: true },
    {
      check: 'alerts of 2xx without a decision in the processing outcomes',
      value: answeredAlerts - decided,
      pass: decided === answeredAlerts,
    },
    {
      check: 'alert attaches missing from incident_alerts',
      value: attachesNotInReadModel,
      pass: attachesNotInReadModel === 0,
    },
    { check: 'incidents declared (log)', value: declared, pass: declared === incidentsAttached },
    { check: 'incidents alerts were attached to', value: incidentsAttached, pass: true },
    { check: 'incidents in incident_list (read model)', value: listed, pass: listed === declared },
  ];
}

/** CPU seconds per process group from /proc (Linux), to show who used the 2 cores during a storm. */
type CpuGroups = Record<string, number>;

function cpuSnapshot(pids: Record<string, number | undefined>): CpuGroups {
  const groups: CpuGroups = {};
  if (!existsSync('/proc/self/stat')) return groups;
  const byPid = new Map(Object.entries(pids).map(([name, pid]) => [pid, name]));
  const tick = 100; // USER_HZ
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const seconds = (Number(fields[11]) + Number(fields[12])) / tick; // utime + stime
    const name =
      byPid.get(Number(entry)) ??
      (comm === 'postgres' ? 'postgres' : comm === 'java' ? 'kafka (java)' : 'other');
    groups[name] = (groups[name] ?? 0) + seconds;
  }
  return groups;
}

/** CPU seconds each group used between two snapshots. */
function cpuUsed(before: CpuGroups, after: CpuGroups): CpuGroups {
  const used: CpuGroups = {};
  for (const name of Object.keys(after)) used[name] = after[name] - (before[name] ?? 0);
  return used;
}

function cpuShare(
  before: CpuGroups,
  after: CpuGroups,
  wallSeconds: number,
): Record<string, string> {
  const share: Record<string, string> = {};
  for (const [name, used] of Object.entries(cpuUsed(before, after))) {
    if (used > 0.05 * wallSeconds) share[name] = `${((100 * used) / wallSeconds).toFixed(0)} %`;
  }
  return share;
}

/**
 * The CPU an alert cost, in ms per process group, from a storm's start until the processor and the
 * read model had caught up (so a backlog worked off after the storm is counted), and the rate the
 * machine's cores would carry at that cost if they did nothing else. "other" (this orchestrator,
 * anything else on the machine) is shown but not counted.
 */
function cpuPerAlert(used: CpuGroups, alerts: number): Record<string, string | number> {
  const ms = (seconds = 0) => ((1000 * seconds) / alerts).toFixed(3);
  const counted = ['load', 'api', 'worker', 'postgres', 'kafka (java)'];
  const total = counted.reduce((sum, name) => sum + (used[name] ?? 0), 0);
  return {
    ...Object.fromEntries(counted.map((name) => [name, ms(used[name])])),
    'all but other': ms(total),
    [`${CORES} cores ÷ that /s`]: Math.round((CORES * alerts) / total),
    other: ms(used.other),
  };
}

/**
 * BENCH_SPLIT=1: the storms hit the door with no worker running (so the answer rate and the api's
 * and database's CPU are the door's alone), then the worker starts on the backlog and the
 * processor's own rate is measured from its first outcome to its last.
 */
async function splitRun(
  db: Client,
  load: LoadProcess,
  accepted: string[],
  pids: Record<string, number | undefined>,
  startWorker: () => Promise<Child>,
  ceiling: Ceiling | null,
): Promise<void> {
  const phases: Array<Phase & { kind: 'storm' }> = [
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
      'door alone': r.name,
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
  await db.query(`INSERT INTO bench_accepted (id) SELECT unnest($1::text[])`, [accepted]);
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

async function main(): Promise<void> {
  if (BUILD) {
    console.log('building api and worker (BENCH_BUILD=0 to skip)…');
    for (const app of ['api', 'worker']) {
      const built = spawnSync('npx', ['nest', 'build', app], { cwd: ROOT, stdio: 'inherit' });
      if (built.status !== 0) throw new Error(`nest build ${app} failed`);
    }
  }
  const url = await createTestDatabase('sitrep_bench_ingest');
  const adminToken = `bench-admin-${randomBytes(16).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: url,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    KAFKA_EVENTS_TOPIC: `sitrep.bench-ingest-${randomUUID()}`,
    KAFKA_GROUP_PREFIX: `sitrep-bench-ingest-${randomUUID()}`,
    SITREP_ADMIN_TOKEN: adminToken,
    SITREP_SECRETS_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    ...(POOL_SIZE ? { DATABASE_POOL_SIZE: POOL_SIZE } : {}),
  };
  const children: Child[] = [];
  let load: LoadProcess | null = null;
  const db = new Client({ connectionString: url });
  try {
    const [apiPort, workerPort] = [await freePort(), await freePort()];
    const profDir = join(ROOT, 'bench/.prof');
    if (PROF) mkdirSync(profDir, { recursive: true });
    const profArgs = (name: string) =>
      PERF_MAPS
        ? ['--perf-basic-prof-only-functions']
        : CPU_PROF
          ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`, `--cpu-prof-name=${name}.cpuprofile`]
          : PROF
            ? ['--prof', '--no-logfile-per-isolate', `--logfile=${join(profDir, `${name}-v8.log`)}`]
            : [];
    load = new LoadProcess();
    const plan: LoadPlan = {
      baseUrl: '',
      integrations: Array.from({ length: INTEGRATIONS }, () => ({
        path: `/webhooks/alertmanager/${randomUUID()}`,
        token: 'none',
      })),
      services: SERVICES,
      connections: CONNECTIONS,
      hotAlerts: HOT_ALERTS,
      repeatShare: REPEAT_SHARE,
      tag: randomBytes(4).toString('hex'),
    };
    let ceiling: Ceiling | null = null;
    if (CEILING_SECONDS > 0) {
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
      ceiling = ceilings[0];
    }
    const api = startApp('api', apiPort, env, [...NODE_ARGS, ...profArgs('api')]);
    children.push(api);
    await waitForHealth(api, apiPort); // the api migrates first; the worker then finds the schema
    const startWorker = async () => {
      const started = startApp('worker', workerPort, env, [...NODE_ARGS, ...profArgs('worker')]);
      children.push(started);
      await waitForHealth(started, workerPort);
      return started;
    };
    const worker = SPLIT ? null : await startWorker();
    await db.connect();
    await db.query(`CREATE TABLE bench_accepted (id text PRIMARY KEY)`);
    await db.query(
      `CREATE TABLE bench_carried (id text PRIMARY KEY, stream_id text NOT NULL, position bigint NOT NULL)`,
    );

    const baseUrl = `http://127.0.0.1:${apiPort}`;
    const integrations = await createIntegrations(baseUrl, adminToken);
    console.log(
      `ingest: ${INTEGRATIONS} alertmanager integrations (openAs declared, grouping window ${GROUPING_WINDOW} s), ` +
        `${SERVICES} services each; ${CONNECTIONS} connections, api pool ${POOL_SIZE ?? '20 (default)'}; ` +
        `${SECONDS} s per storm after a ${WARMUP_SECONDS} s warm-up`,
    );
    await load.init({ ...plan, baseUrl, integrations });
    const accepted: string[] = [];
    const pids = { api: api.process.pid, worker: worker?.process.pid, load: load.pid };
    if (SPLIT) {
      await splitRun(db, load, accepted, pids, startWorker, ceiling);
      return;
    }
    const cpu: Record<string, Record<string, string>> = {};
    const perAlert: Record<string, Record<string, string | number>> = {};
    /** A storm, then until it is processed and in the read model, with the CPU of both. */
    const measured = async (phase: Phase & { kind: 'storm' }) => {
      const before = cpuSnapshot(pids);
      const started = performance.now();
      const result = await load!.run(phase);
      cpu[phase.name] = cpuShare(before, cpuSnapshot(pids), (performance.now() - started) / 1000);
      const settled = await settle(db, result.accepted);
      perAlert[phase.name] = cpuPerAlert(cpuUsed(before, cpuSnapshot(pids)), result.alerts);
      return { result, settled };
    };
    const warm = await load.run({
      kind: 'storm',
      name: 'warm-up',
      seconds: WARMUP_SECONDS,
      repeatShare: 0,
    });
    accepted.push(...warm.accepted);
    const warmSettled = await settle(db, warm.accepted);
    const { result: a, settled: aSettled } = await measured({
      kind: 'storm',
      name: '(a) all new',
      seconds: SECONDS,
      repeatShare: 0,
    });
    accepted.push(...a.accepted);
    /** The hot groups a repeat storm repeats, open (processed) before it starts. */
    const seedHot = async (perGroup: number) => {
      const seeded = await load!.run({ kind: 'seed-hot', perGroup });
      accepted.push(...seeded.accepted);
      if (seeded.ok !== HOT_ALERTS)
        console.log(`  seed: only ${seeded.ok}/${HOT_ALERTS} hot groups accepted`);
      await settle(db, seeded.accepted);
      return seeded;
    };
    const seeded = await seedHot(1);
    const { result: b, settled: bSettled } = await measured({
      kind: 'storm',
      name: `(b) ${Math.round(REPEAT_SHARE * 100)} % repeats`,
      seconds: SECONDS,
      repeatShare: REPEAT_SHARE,
    });
    accepted.push(...b.accepted);
    // Alertmanager's shape: a message per group. All new; then 90 % repeats, as a group that
    // grew by one alert is notified with every alert it holds.
    const hotPerGroup = Math.round(GROUPED * REPEAT_SHARE);
    const groupedA =
      GROUPED > 1
        ? await measured({
            kind: 'storm',
            name: `(a) all new, ${GROUPED} per message`,
            seconds: SECONDS,
            repeatShare: 0,
            alertsPerRequest: GROUPED,
          })
        : null;
    if (groupedA) accepted.push(...groupedA.result.accepted);
    const seededGroups = groupedA && hotPerGroup > 0 ? await seedHot(hotPerGroup) : null;
    const groupedB = seededGroups
      ? await measured({
          kind: 'storm',
          name: `(b) ${Math.round((100 * hotPerGroup) / GROUPED)} % repeats, ${GROUPED} per message`,
          seconds: SECONDS,
          repeatShare: 1,
          alertsPerRequest: GROUPED,
        })
      : null;
    if (groupedB) accepted.push(...groupedB.result.accepted);

    console.log(
      '\nstorms (one alert per request unless said; alerts/s = alerts in the 2xx answers per second; ' +
        'processed/s = those alerts over the storm plus the time the processor needed after it to ' +
        'decide the last one; "of ceiling" = requests answered and processed per second, as a share ' +
        'of the fastify ceiling):',
    );
    const seconds = (lag: number) => (Number.isNaN(lag) ? `>${SETTLE_SECONDS}` : lag.toFixed(2));
    const row = (r: PhaseResult, target: number | null, settled: Settled) => {
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
        // In requests: what the door answered of what the bare framework answers.
        'of ceiling': ofCeiling((r.ok / r.alerts) * Math.min(rate, processedRate || 0), ceiling),
        'target/s': target ?? '',
        'p50 ms': r.p50,
        'p97.5 ms': r.p975,
        'p99 ms': r.p99,
        'max ms': r.max,
        'non-2xx': non2xx || (r.errors ? '' : 0),
        'errors/timeouts': `${r.errors}/${r.timeouts}`,
        'processing lag s': seconds(settled.processed),
        'read model lag s': seconds(settled.readModel),
        pass:
          target === null
            ? ''
            : rate >= target &&
                processedRate >= target &&
                r.p99 < TARGETS.p99 &&
                r.ok === r.requests
              ? 'PASS'
              : 'FAIL',
      };
    };
    console.table([
      row(warm, null, warmSettled),
      row(a, TARGETS.a, aSettled),
      row(b, TARGETS.b, bSettled),
      ...(groupedA ? [row(groupedA.result, TARGETS.a, groupedA.settled)] : []),
      ...(groupedB ? [row(groupedB.result, TARGETS.b, groupedB.settled)] : []),
    ]);
    console.log('decisions per alert (from the processing outcomes):', {
      'warm-up': warmSettled.decisions,
      '(a)': aSettled.decisions,
      '(b)': bSettled.decisions,
      ...(groupedA ? { [`(a) ${GROUPED} per message`]: groupedA.settled.decisions } : {}),
      ...(groupedB ? { [`(b) ${GROUPED} per message`]: groupedB.settled.decisions } : {}),
    });
    console.log(`CPU during each storm (100 % = one core; the machine has ${CORES}):`);
    console.table(cpu);
    console.log(
      "CPU per alert in ms, from the storm's start until it was processed and in the read model, " +
        `and the alerts/s ${CORES} cores would carry at that cost (the load process included):`,
    );
    console.table(perAlert);
    console.log(
      `targets: (a) ≥ ${TARGETS.a}/s, (b) ≥ ${TARGETS.b}/s (answered and processed), p99 < ${TARGETS.p99} ms, every request 2xx`,
    );

    console.log('\nevery accepted alert present:');
    const answeredAlerts = [
      warm,
      a,
      seeded,
      b,
      groupedA?.result,
      seededGroups,
      groupedB?.result,
    ].reduce((n, r) => n + (r?.alerts ?? 0), 0);
    const checks = await verify(db, accepted, answeredAlerts);
    console.table(checks.map((c) => ({ ...c, pass: c.pass ? 'PASS' : 'FAIL' })));
    if (checks.some((c) => !c.pass)) {
      console.log('last lines of the children:');
      for (const child of children) console.log(child.output());
    }
    if (PERF_MAPS) {
      console.log('JIT symbols: /tmp/perf-<pid>.map, for `perf record -g -p <pid>` during a storm');
    } else if (PROF) {
      for (const name of ['api', 'worker']) {
        const file = join(profDir, CPU_PROF ? `${name}.cpuprofile` : `${name}-v8.log`);
        const open = CPU_PROF
          ? 'written when the process exits; open in Chrome DevTools (Performance)'
          : `node --prof-process ${file}`;
        console.log(`${name} profile: ${file} — ${open}`);
      }
    }
  } finally {
    load?.stop();
    for (const child of children.reverse()) await child.stop();
    await db.end().catch(() => undefined);
    await dropTestDatabase(url);
  }
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
