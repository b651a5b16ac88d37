import type { CliModule } from './cli.module';

export const USAGE = `Usage: npm run sitrep -- <command>

  projections status            each projection's live tables, checkpoint and lag (with
                                KAFKA_BROKERS: messages behind on its topic, per partition)
  projections rebuild <name>    rebuild one projection from the event store into fresh
                                versioned tables, then switch over (the old ones serve meanwhile)
  verify                        recompute every read model from the event store and report rows
                                that differ from the live ones (exit 1 if any)

Configuration as for the apps: DATABASE_URL (unset: the embedded database in SITREP_DATA_DIR),
KAFKA_BROKERS and KAFKA_EVENTS_TOPIC.
`;

type Out = (line: string) => void;

/** Runs one CLI command; returns the process exit code. */
export async function runCommand(cli: CliModule, argv: string[], out: Out): Promise<number> {
  const [group, action, name] = argv;
  if (group === 'verify' && !action) return verify(cli, out);
  if (group === 'projections' && action === 'status') {
    for (const p of cli.projections) out(JSON.stringify(await cli.maintenance.status(p)));
    return 0;
  }
  if (group === 'projections' && action === 'rebuild' && name) {
    const projection = cli.projections.find((p) => p.name === name);
    if (!projection) {
      out(`Unknown projection "${name}". Known: ${cli.projections.map((p) => p.name).join(', ')}`);
      return 2;
    }
    const report = await cli.maintenance.rebuild(projection);
    const rate = report.seconds > 0 ? Math.round(report.events / report.seconds) : report.events;
    out(JSON.stringify({ ...report, eventsPerSecond: rate }));
    return 0;
  }
  out(USAGE);
  return 2;
}

async function verify(cli: CliModule, out: Out): Promise<number> {
  let differing = 0;
  for (const projection of cli.projections) {
    for (const report of await cli.maintenance.verify(projection)) {
      differing += report.differingRows;
      out(JSON.stringify(report));
    }
  }
  out(
    differing === 0
      ? 'verify: every read model matches the event store'
      : `verify: ${differing} rows differ`,
  );
  return differing === 0 ? 0 : 1;
}
