/**
 * Append throughput of the Sitrep event store against the machine's PostgreSQL, beside a plain
 * INSERT (the ceiling) and Emmett's PostgreSQL event store (the peer). See bench/README.md.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { dumbo } from '@event-driven-io/dumbo';
import { getPostgreSQLEventStore, readMessagesBatch } from '@event-driven-io/emmett-postgresql';
import { openDatabase } from '../libs/platform/src/database/data-source';
import { eventStoreMigrations } from '../libs/event-store/src/event-store.migrations';
import { PostgresEventStore } from '../libs/event-store/src/postgres-event-store';
import { LOG_START, type LogPosition } from '../libs/event-store/src/event-store.types';
import { createTestDatabase, dropTestDatabase } from '../libs/testing/src/test-database';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const RUN_MS = Number(process.env.BENCH_RUN_MS ?? 1500);
const WRITERS = 16;
const POOL = WRITERS + 1;
const PAGE = 1000;

type Op = () => Promise<unknown>;
interface System {
  oneEventNewStream: Op;
  /** A fresh op per run: appends to one stream with the exact expected version. */
  hotStream: () => Op;
  replay?: () => Promise<number>;
}

const payload = () => ({
  data: {
    incidentId: randomUUID(),
    title: 'Checkout latency above SLO',
    severity: 2,
    tags: ['eu-west', 'web'],
  },
  metadata: { correlationId: randomUUID(), actor: 'bench', source: 'bench' },
});

/** Runs `op` from `writers` concurrent loops for RUN_MS; operations per second. */
async function throughput(op: Op, writers: number): Promise<number> {
  let count = 0;
  const start = performance.now();
  const deadline = start + RUN_MS;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (performance.now() < deadline) {
        await op();
        count++;
      }
    }),
  );
  return count / ((performance.now() - start) / 1000);
}

async function openOurs(
  url: string,
): Promise<{ system: System; ceiling: Op; close: () => Promise<void> }> {
  const { dataSource, database } = await openDatabase(url, POOL, eventStoreMigrations);
  const store = new PostgresEventStore(database);
  await database.query(`CREATE TABLE ceiling_events (LIKE events INCLUDING ALL)`);
  const raw = new Pool({ connectionString: url, max: POOL });
  const system: System = {
    oneEventNewStream: () =>
      store.append(
        `incident-${randomUUID()}`,
        [{ eventId: randomUUID(), type: 'IncidentDeclared', ...payload() }],
        'no-stream',
      ),
    hotStream: () => {
      const id = `incident-${randomUUID()}`;
      let version = 0;
      return async () => {
        const event = { eventId: randomUUID(), type: 'HuddleHeld', ...payload() };
        version = (await store.append(id, [event], version)).nextExpectedVersion;
      };
    },
    replay: async () => {
      let from: LogPosition = LOG_START;
      let read = 0;
      for (;;) {
        const page = await store.readAll(from, PAGE);
        read += page.length;
        if (page.length < PAGE) return read;
        const last = page[page.length - 1];
        from = { transactionId: last.transactionId, globalPosition: last.globalPosition };
      }
    },
  };
  const ceiling: Op = () => {
    const { data, metadata } = payload();
    return raw.query(
      `INSERT INTO ceiling_events (stream_id, stream_position, event_id, type, data, metadata) VALUES ($1, 1, $2, $3, $4, $5)`,
      [
        `incident-${randomUUID()}`,
        randomUUID(),
        'IncidentDeclared',
        JSON.stringify(data),
        JSON.stringify(metadata),
      ],
    );
  };
  return {
    system,
    ceiling,
    close: async () => void (await Promise.all([raw.end(), dataSource.destroy()])),
  };
}

async function openPeer(url: string): Promise<{ system: System; close: () => Promise<void> }> {
  const pool = new Pool({ connectionString: url, max: POOL });
  const executor = dumbo({ connectionString: url, pool });
  const store = getPostgreSQLEventStore(url, { connectionOptions: { dumbo: executor } });
  await store.schema.migrate();
  const event = (type: string) => ({ type, ...payload() });
  const system: System = {
    oneEventNewStream: () =>
      store.appendToStream(`incident-${randomUUID()}`, [event('IncidentDeclared')], {
        expectedStreamVersion: 0n,
      }),
    hotStream: () => {
      const id = `incident-${randomUUID()}`;
      let version = 0n;
      return async () => {
        version = (
          await store.appendToStream(id, [event('HuddleHeld')], { expectedStreamVersion: version })
        ).nextExpectedStreamVersion;
      };
    },
    replay: async () => {
      let after = 0n;
      let read = 0;
      for (;;) {
        const batch = await readMessagesBatch(executor.execute, { after, batchSize: PAGE });
        read += batch.messages.length;
        if (!batch.areMessagesLeft) return read;
        after = batch.currentGlobalPosition;
      }
    },
  };
  return { system, close: async () => void (await store.close().then(() => pool.end())) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function replayRate(replay: () => Promise<number>): Promise<number> {
  const start = performance.now();
  const events = await replay();
  return events / ((performance.now() - start) / 1000);
}

async function main(): Promise<void> {
  const [oursUrl, peerUrl] = [
    await createTestDatabase('sitrep_bench'),
    await createTestDatabase('emmett_bench'),
  ];
  try {
    const ours = await openOurs(oursUrl);
    const peer = await openPeer(peerUrl);
    const rows: Record<string, { ours: number[]; ceiling: number[]; peer: number[] }> = {};
    const record = (row: string, who: 'ours' | 'ceiling' | 'peer', value: number) => {
      rows[row] ??= { ours: [], ceiling: [], peer: [] };
      rows[row][who].push(value);
    };
    // Warm up connections, plans and caches; not counted.
    for (const s of [ours.system, peer.system]) await throughput(s.oneEventNewStream, WRITERS);
    await throughput(ours.ceiling, WRITERS);

    // Runs are interleaved so that the machine's noise falls on every system alike.
    for (let run = 1; run <= RUNS; run++) {
      for (const [row, writers] of [
        ['(1) new stream, 1 writer', 1],
        ['(2) new stream, 16 writers', WRITERS],
      ] as const) {
        record(row, 'ours', await throughput(ours.system.oneEventNewStream, writers));
        record(row, 'ceiling', await throughput(ours.ceiling, writers));
        record(row, 'peer', await throughput(peer.system.oneEventNewStream, writers));
      }
      const hot = '(3) hot stream, 1 writer';
      record(hot, 'ours', await throughput(ours.system.hotStream(), 1));
      record(hot, 'ceiling', await throughput(ours.ceiling, 1));
      record(hot, 'peer', await throughput(peer.system.hotStream(), 1));
      process.stderr.write(`run ${run}/${RUNS} done\n`);
    }
    for (let run = 1; run <= RUNS; run++) {
      record('(4) replay, events/s', 'ours', await replayRate(ours.system.replay!));
      record('(4) replay, events/s', 'peer', await replayRate(peer.system.replay!));
    }
    printTable(rows);
    await ours.close();
    await peer.close();
  } finally {
    await dropTestDatabase(oursUrl);
    await dropTestDatabase(peerUrl);
  }
}

function printTable(
  rows: Record<string, { ours: number[]; ceiling: number[]; peer: number[] }>,
): void {
  const fmt = (n: number | undefined) => (n === undefined ? 'n/a' : Math.round(n).toString());
  const ratio = (a: number, b: number | undefined) =>
    b === undefined ? 'n/a' : `${((a / b) * 100).toFixed(0)}%`;
  const times = (a: number, b: number | undefined) =>
    b === undefined ? 'n/a' : `${(a / b).toFixed(2)}x`;
  const table = Object.entries(rows).map(([workload, r]) => {
    const [ours, ceiling, peer] = [
      median(r.ours),
      r.ceiling.length ? median(r.ceiling) : undefined,
      median(r.peer),
    ];
    return {
      workload,
      'ours (ops/s)': fmt(ours),
      ceiling: fmt(ceiling),
      peer: fmt(peer),
      'ours/ceiling': ratio(ours, ceiling),
      'ours/peer': times(ours, peer),
    };
  });
  console.log(
    `\nmedian of ${RUNS} runs of ${RUN_MS} ms each (replay: ${RUNS} full passes, pages of ${PAGE})`,
  );
  console.table(table);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
