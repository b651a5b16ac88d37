/**
 * The event pipeline end to end: append commit → forwarder → Kafka → projection consumer → row
 * visible in the timeline read model; and the rebuild rate of each projection. See bench/README.md.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { openDatabase, type Database } from '@sitrep/platform';
import { PostgresCheckpointStore, PostgresEventStore, type NewEvent } from '@sitrep/event-store';
import { incidentProjections, incidentStreamId } from '@sitrep/incident';
import { ProjectionMaintenance } from '@sitrep/messaging';
import { sitrepMigrations } from '@sitrep/runtime';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { createTestDatabase, dropTestDatabase } from '../libs/testing/src/test-database';

const STEP_SECONDS = Number(process.env.BENCH_STEP_SECONDS ?? 10);
const RATES = (process.env.BENCH_RATES ?? '1000,2000,3000,4000').split(',').map(Number);
const REBUILD_EVENTS = Number(process.env.BENCH_REBUILD_EVENTS ?? 100_000);
const TICK_MS = 10;
const MAX_INFLIGHT = 64;

interface StepResult {
  target: number;
  achieved: number;
  seen: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

const declared = (incidentId: string): NewEvent => ({
  eventId: randomUUID(),
  type: 'IncidentDeclared',
  data: {
    incidentId,
    title: 'Checkout latency above SLO',
    severity: 'SEV2',
    services: ['checkout'],
    reportedBy: 'bench',
    declaredAt: new Date().toISOString(),
  },
  metadata: { actor: 'bench', source: 'bench' },
});

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Appends one incident per event at `rate`/s for STEP_SECONDS and times each until its timeline row is visible. */
async function latencyStep(
  store: PostgresEventStore,
  db: Database,
  rate: number,
): Promise<StepResult> {
  const pending = new Map<string, number>();
  const latencies: number[] = [];
  let appended = 0;
  let polling = true;
  let stoppedAt = Infinity;
  const poller = (async () => {
    while (polling || pending.size > 0) {
      const ids = [...pending.keys()];
      if (ids.length > 0) {
        const rows = await db.query<{ incident_id: string }>(
          `SELECT incident_id FROM incident_timeline WHERE incident_id = ANY($1::uuid[]) AND position = 1`,
          [ids],
        );
        const now = performance.now();
        for (const { incident_id } of rows) {
          latencies.push(now - pending.get(incident_id)!);
          pending.delete(incident_id);
        }
      }
      await new Promise((r) => setTimeout(r, 2));
      if (!polling && performance.now() - stoppedAt > 10_000) break;
    }
  })();
  const started = performance.now();
  const perTick = (rate * TICK_MS) / 1000;
  const writes: Promise<void>[] = [];
  let inflight = 0;
  for (let tick = 0; performance.now() - started < STEP_SECONDS * 1000; tick++) {
    const due = Math.floor((tick + 1) * perTick) - Math.floor(tick * perTick);
    // Appends the database cannot keep up with are not queued without bound: the achieved
    // rate then falls below the target, which is what "the highest rate it sustains" reads.
    for (let i = 0; i < due && inflight < MAX_INFLIGHT; i++) {
      const id = randomUUID();
      inflight++;
      writes.push(
        store.append(incidentStreamId(id), [declared(id)], 'no-stream').then(() => {
          inflight--;
          pending.set(id, performance.now());
          appended++;
        }),
      );
    }
    const next = started + (tick + 1) * TICK_MS;
    await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
  }
  await Promise.all(writes);
  const elapsed = (performance.now() - started) / 1000;
  stoppedAt = performance.now();
  polling = false;
  await poller;
  latencies.sort((a, b) => a - b);
  return {
    target: rate,
    achieved: Math.round(appended / elapsed),
    seen: latencies.length,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? NaN,
  };
}

async function seedForRebuild(store: PostgresEventStore, events: number): Promise<void> {
  const incidents = Math.ceil(events / 3);
  let next = 0;
  const at = new Date().toISOString();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < incidents) {
        next++;
        const incidentId = randomUUID();
        await store.append(
          incidentStreamId(incidentId),
          [
            declared(incidentId),
            {
              eventId: randomUUID(),
              type: 'IncidentAcknowledged',
              data: { incidentId, acknowledgedBy: 'bench', acknowledgedAt: at },
            },
            {
              eventId: randomUUID(),
              type: 'IncidentResolved',
              data: { incidentId, resolutionSummary: 'fixed', resolvedBy: 'bench', resolvedAt: at },
            },
          ],
          'no-stream',
        );
      }
    }),
  );
}

async function main(): Promise<void> {
  const url = await createTestDatabase('sitrep_bench_pipeline');
  process.env.DATABASE_URL = url;
  process.env.KAFKA_BROKERS ??= '127.0.0.1:9092';
  process.env.KAFKA_EVENTS_TOPIC ??= `sitrep.bench-${randomUUID()}`;
  process.env.KAFKA_GROUP_PREFIX ??= `sitrep-bench-${randomUUID()}`;
  process.env.LOG_LEVEL ??= 'warn';
  process.env.SITREP_ADMIN_TOKEN ??= `bench-${randomUUID()}`;
  let worker: INestApplicationContext | null = null;
  const opened = await openDatabase(url, 16, sitrepMigrations);
  try {
    worker = await NestFactory.createApplicationContext(WorkerModule, {
      logger: ['error', 'warn'],
    });
    await worker.init();
    const store = new PostgresEventStore(opened.database);
    console.log(
      `pipeline: append → ${process.env.KAFKA_BROKERS ? 'Kafka' : 'in-process'} → timeline row; ${STEP_SECONDS}s per rate`,
    );
    await latencyStep(store, opened.database, 200); // warm-up: topic, consumer group, JIT
    const results: StepResult[] = [];
    for (const rate of RATES) results.push(await latencyStep(store, opened.database, rate));
    console.table(
      results.map((r) => ({
        'target ev/s': r.target,
        'achieved ev/s': r.achieved,
        seen: r.seen,
        'p50 ms': r.p50.toFixed(1),
        'p95 ms': r.p95.toFixed(1),
        'p99 ms': r.p99.toFixed(1),
        'max ms': r.max.toFixed(1),
      })),
    );
    await worker.close();
    worker = null;

    await rebuildRates();
  } finally {
    await worker?.close();
    await opened.dataSource.destroy();
    await dropTestDatabase(url);
  }
}

/** Rebuild rate on a log of exactly REBUILD_EVENTS events, in a database of its own. */
async function rebuildRates(): Promise<void> {
  const url = await createTestDatabase('sitrep_bench_rebuild');
  const opened = await openDatabase(url, 16, sitrepMigrations);
  try {
    const store = new PostgresEventStore(opened.database);
    console.log(`rebuild: seeding ${REBUILD_EVENTS} events (declared, acknowledged, resolved)…`);
    await seedForRebuild(store, REBUILD_EVENTS);
    const checkpoints = new PostgresCheckpointStore(opened.database);
    const maintenance = new ProjectionMaintenance(opened.database, store, checkpoints);
    const rows = [];
    for (const P of incidentProjections) {
      const report = await maintenance.rebuild(new P());
      rows.push({
        projection: report.projection,
        events: report.events,
        seconds: report.seconds.toFixed(2),
        'events/s': Math.round(report.events / report.seconds),
      });
    }
    console.table(rows);
  } finally {
    await opened.dataSource.destroy();
    await dropTestDatabase(url);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
