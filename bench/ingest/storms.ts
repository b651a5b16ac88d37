import type { Client } from 'pg';
import { cpuPerAlert, cpuShare, cpuSnapshot, cpuUsed } from './cpu';
import type { PhaseResult, Storm } from './load-plan';
import type { LoadProcess } from './process-control';
import { GROUPED, HOT_ALERTS, REPEAT_SHARE, SECONDS, WARMUP_SECONDS } from './settings';
import { settle, type Settled } from './settle';

/* The storms against the running api and worker, each measured until processed and projected. */

export interface StormRun {
  result: PhaseResult;
  settled: Settled;
}

export interface StormRuns {
  warm: StormRun;
  a: StormRun;
  seeded: PhaseResult;
  b: StormRun;
  groupedA: StormRun | null;
  seededGroups: PhaseResult | null;
  groupedB: StormRun | null;
  /** CPU share per process group during each storm, by storm name. */
  cpu: Record<string, Record<string, string>>;
  /** CPU per alert until processed and projected, by storm name. */
  perAlert: Record<string, Record<string, string | number>>;
}

export class Storms {
  readonly cpu: StormRuns['cpu'] = {};
  readonly perAlert: StormRuns['perAlert'] = {};

  constructor(
    private readonly db: Client,
    private readonly load: LoadProcess,
    private readonly pids: Record<string, number | undefined>,
    /** Every accepted delivery id, for the checks at the end. */
    private readonly accepted: string[],
  ) {}

  async run(): Promise<StormRuns> {
    const warm = await this.warmUp();
    const a = await this.measured({
      kind: 'storm',
      name: '(a) all new',
      seconds: SECONDS,
      repeatShare: 0,
    });
    const seeded = await this.seedHot(1);
    const b = await this.measured({
      kind: 'storm',
      name: `(b) ${Math.round(REPEAT_SHARE * 100)} % repeats`,
      seconds: SECONDS,
      repeatShare: REPEAT_SHARE,
    });
    const grouped = await this.grouped();
    return { warm, a, seeded, b, ...grouped, cpu: this.cpu, perAlert: this.perAlert };
  }

  private async warmUp(): Promise<StormRun> {
    const result = await this.load.run({
      kind: 'storm',
      name: 'warm-up',
      seconds: WARMUP_SECONDS,
      repeatShare: 0,
    });
    this.accepted.push(...result.accepted);
    return { result, settled: await settle(this.db, result.accepted) };
  }

  /** A storm, then until it is processed and in the read model, with the CPU of both. */
  private async measured(phase: Storm): Promise<StormRun> {
    const { pids } = this;
    const before = cpuSnapshot(pids);
    const started = performance.now();
    const result = await this.load.run(phase);
    this.cpu[phase.name] = cpuShare(
      before,
      cpuSnapshot(pids),
      (performance.now() - started) / 1000,
    );
    const settled = await settle(this.db, result.accepted);
    this.perAlert[phase.name] = cpuPerAlert(cpuUsed(before, cpuSnapshot(pids)), result.alerts);
    this.accepted.push(...result.accepted);
    return { result, settled };
  }

  /** The hot groups a repeat storm repeats, open (processed) before it starts. */
  private async seedHot(perGroup: number): Promise<PhaseResult> {
    const seeded = await this.load.run({ kind: 'seed-hot', perGroup });
    this.accepted.push(...seeded.accepted);
    if (seeded.ok !== HOT_ALERTS)
      console.log(`  seed: only ${seeded.ok}/${HOT_ALERTS} hot groups accepted`);
    await settle(this.db, seeded.accepted);
    return seeded;
  }

  /**
   * Alertmanager's shape: a message per group. All new; then 90 % repeats, as a group that grew by
   * one alert is notified with every alert it holds.
   */
  private async grouped(): Promise<Pick<StormRuns, 'groupedA' | 'seededGroups' | 'groupedB'>> {
    const hotPerGroup = Math.round(GROUPED * REPEAT_SHARE);
    const groupedA =
      GROUPED > 1
        ? await this.measured({
            kind: 'storm',
            name: `(a) all new, ${GROUPED} per message`,
            seconds: SECONDS,
            repeatShare: 0,
            alertsPerRequest: GROUPED,
          })
        : null;
    const seededGroups = groupedA && hotPerGroup > 0 ? await this.seedHot(hotPerGroup) : null;
    const groupedB = seededGroups
      ? await this.measured({
          kind: 'storm',
          name: `(b) ${Math.round((100 * hotPerGroup) / GROUPED)} % repeats, ${GROUPED} per message`,
          seconds: SECONDS,
          repeatShare: 1,
          alertsPerRequest: GROUPED,
        })
      : null;
    return { groupedA, seededGroups, groupedB };
  }
}
