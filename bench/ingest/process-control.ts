import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { LoadPlan, Phase, PhaseResult } from './load-plan';
import { CPU_PROF, PERF_MAPS, PROF, PROF_DIR, ROOT } from './settings';

/* Starting, watching and stopping the bench's processes: the apps, the ceiling app, the load. */

export class Child {
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

export function buildApps(): void {
  console.log('building api and worker (BENCH_BUILD=0 to skip)…');
  for (const app of ['api', 'worker']) {
    const built = spawnSync('npx', ['nest', 'build', app], { cwd: ROOT, stdio: 'inherit' });
    if (built.status !== 0) throw new Error(`nest build ${app} failed`);
  }
}

export async function freePort(): Promise<number> {
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

/** The node flags that profile an app as BENCH_PROF asks (none without it). */
export function profArgs(name: string): string[] {
  if (PERF_MAPS) return ['--perf-basic-prof-only-functions'];
  if (CPU_PROF) {
    return ['--cpu-prof', `--cpu-prof-dir=${PROF_DIR}`, `--cpu-prof-name=${name}.cpuprofile`];
  }
  if (PROF) {
    return ['--prof', '--no-logfile-per-isolate', `--logfile=${join(PROF_DIR, `${name}-v8.log`)}`];
  }
  return [];
}

export function startApp(
  name: 'api' | 'worker',
  port: number,
  env: NodeJS.ProcessEnv,
  args: string[],
) {
  const script = join(ROOT, `dist/apps/${name}/apps/${name}/src/main.js`);
  return spawnChild(name, [...args, script], { ...env, PORT: String(port), HOST: '127.0.0.1' });
}

export function spawnChild(name: string, args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Child(name, child);
}

/** Until `path` answers `status` (the apps' /health: 200; the ceiling: any route's 404). */
export async function waitForHealth(child: Child, port: number, path = '/health', status = 200) {
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

/** The load process: the bench's entry forked in the load role, driven over IPC. */
export class LoadProcess {
  private readonly child: ChildProcess;

  constructor() {
    this.child = fork(join(ROOT, 'bench/ingest.bench.ts'), [], {
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
