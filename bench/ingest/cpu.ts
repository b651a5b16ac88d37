import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { CORES } from './settings';

/** CPU seconds per process group from /proc (Linux), to show who used the 2 cores during a storm. */
export type CpuGroups = Record<string, number>;

export function cpuSnapshot(pids: Record<string, number | undefined>): CpuGroups {
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
export function cpuUsed(before: CpuGroups, after: CpuGroups): CpuGroups {
  const used: CpuGroups = {};
  for (const name of Object.keys(after)) used[name] = after[name] - (before[name] ?? 0);
  return used;
}

export function cpuShare(
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
export function cpuPerAlert(used: CpuGroups, alerts: number): Record<string, string | number> {
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
