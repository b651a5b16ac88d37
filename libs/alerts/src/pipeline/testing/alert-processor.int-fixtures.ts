import type { EventBus } from '@nestjs/cqrs';
import { openDatabase, systemClock, type Database, type OpenedDatabase } from '@sitrep/platform';
import {
  eventStoreMigrations,
  PostgresCheckpointStore,
  PostgresEventStore,
  type LogPosition,
} from '@sitrep/event-store';
import { responsePlanErrors } from '@sitrep/incident';
import { CommandRunner } from '@sitrep/messaging';
import { createTestDatabase, dropTestDatabase } from '@sitrep/testing';
import type { AlertOutcome, IntegrationSettings } from '../../alert-pipeline.port';
import { alertIntakeMigrations } from '../../intake/alert-intake.module';
import { deliveryStore, type DeliveryRecord } from '../../intake/webhook-delivery.store';
import { settingsOf, type Integration } from '../../integrations/integration';
import { integrationStore } from '../../integrations/integration.store';
import type { QueuedAlert } from '../../normalized-alert';
import { AlertPipelineService } from '../alert-pipeline.service';
import {
  ALERT_PROCESSOR_CHECKPOINT,
  AlertProcessor,
  type AlertProcessorDeps,
  type AlertProcessorOptions,
} from '../alert-processor';
import { anAcceptedDelivery, anIntegrationRecord, aPlanInForce } from './alert-fixtures';

export type Outcome = { status: string; outcome: Record<string, unknown> };

/** The database and stores of one spec file, set in its beforeAll. */
export interface AlertProcessorWorld {
  db: Database;
  store: PostgresEventStore;
  checkpoints: PostgresCheckpointStore;
  pipeline: AlertPipelineService;
  incidents: CommandRunner;
}

/**
 * Set-up shared by the alert processor's integration specs: a database of the spec file's own
 * (the queue and the processor's checkpoint are global to a database), and the helpers that
 * enqueue deliveries and read back what the processor recorded. Call it inside the top describe.
 */
export function alertProcessorFixtures() {
  const world = {} as AlertProcessorWorld;
  let url: string;
  let opened: OpenedDatabase;
  /** Every lastGlobalPosition the processors reported after a commit. */
  const appended: number[] = [];
  const plan = aPlanInForce();

  beforeAll(async () => {
    url = await createTestDatabase('sitrep_alert_processor');
    opened = await openDatabase(url, 10, [...eventStoreMigrations, ...alertIntakeMigrations]);
    world.db = opened.database;
    world.store = new PostgresEventStore(world.db);
    world.checkpoints = new PostgresCheckpointStore(world.db);
    // As ResponsePlanCatalog: the default plan when none is named, and no other plan exists.
    world.pipeline = new AlertPipelineService({
      inForce: (planId?: string) =>
        planId === undefined
          ? Promise.resolve(plan)
          : Promise.reject(responsePlanErrors.notFound(planId)),
    });
    const eventBus = { publish: () => undefined } as unknown as EventBus;
    world.incidents = new CommandRunner(world.store, systemClock, eventBus);
  });

  afterAll(async () => {
    await opened?.dataSource.destroy();
    if (url) await dropTestDatabase(url);
  });

  // Every test leaves the queue drained: whatever was accepted has exactly one outcome.
  afterEach(async () => {
    const [row] = await world.db.query<{ accepted: string; outcomes: string }>(
      `SELECT (SELECT count(*) FROM webhook_deliveries WHERE status = 'accepted') AS accepted,
              (SELECT count(*) FROM webhook_delivery_outcomes) AS outcomes`,
    );
    expect(Number(row.outcomes)).toBe(Number(row.accepted));
  });

  return { world, appended, ...processorHelpers(world, appended), ...readBack(world) };
}

function processorHelpers(world: AlertProcessorWorld, appended: number[]) {
  function processor(
    options: Partial<AlertProcessorOptions> = {},
    using?: AlertPipelineService,
    answerHandshake?: AlertProcessorDeps['answerHandshake'],
  ): AlertProcessor {
    const { db, store, checkpoints } = world;
    return new AlertProcessor(
      {
        answerHandshake,
        database: db,
        store,
        checkpoints,
        pipeline: using ?? world.pipeline,
        clock: systemClock,
        settingsOf: async (integrationIds) => {
          const found = await integrationStore.findMany(db, integrationIds);
          return new Map(found.map((i) => [i.integrationId, settingsOf(i)]));
        },
        lock: null,
        appended: (position) => appended.push(position),
      },
      options,
    );
  }

  async function integration(over: Partial<Integration> = {}): Promise<IntegrationSettings> {
    const created = anIntegrationRecord(over);
    await integrationStore.insert(world.db, created);
    return settingsOf(created);
  }

  const t0 = Date.now();
  /** An accepted delivery as the intake records it; unique bytes unless `body` says otherwise. */
  const accepted = (
    integration: IntegrationSettings,
    alerts: QueuedAlert[],
    over: { body?: string; offsetSeconds?: number; path?: string; retryWindowMs?: number } = {},
  ): DeliveryRecord =>
    anAcceptedDelivery(integration, alerts, {
      body: over.body,
      path: over.path,
      retryWindowMs: over.retryWindowMs,
      receivedAt: new Date(t0 + (over.offsetSeconds ?? 0) * 1000),
    });

  const checkpoint = () => world.checkpoints.read(ALERT_PROCESSOR_CHECKPOINT);

  /** Waits until every delivery is in the queue (committed, and below every running transaction). */
  async function queued(records: DeliveryRecord[]): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = await deliveryStore.queuedAfter(world.db, await checkpoint(), 10_000);
      const visible = new Set(ids(found));
      if (records.every((r) => visible.has(r.id))) return;
      if (Date.now() > deadline)
        throw new Error('the deliveries never became visible in the queue');
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  async function enqueue(...records: DeliveryRecord[]): Promise<void> {
    await deliveryStore.insertMany(world.db, records);
    await queued(records);
  }

  return { processor, integration, accepted, checkpoint, queued, enqueue };
}

export const ids = (records: readonly { id: string }[]) => records.map((r) => r.id);

function readBack(world: AlertProcessorWorld) {
  async function outcomesOf(records: DeliveryRecord[]): Promise<Map<string, Outcome>> {
    const rows = await world.db.query<{
      delivery_id: string;
      status: string;
      outcome: Outcome['outcome'];
    }>(
      'SELECT delivery_id, status, outcome FROM webhook_delivery_outcomes WHERE delivery_id = ANY($1)',
      [ids(records)],
    );
    return new Map(rows.map((r) => [r.delivery_id, { status: r.status, outcome: r.outcome }]));
  }
  async function outcomeOf(record: DeliveryRecord): Promise<Outcome> {
    const outcome = (await outcomesOf([record])).get(record.id);
    if (!outcome) throw new Error(`delivery ${record.id} has no outcome`);
    return outcome;
  }
  const alertsOf = async (record: DeliveryRecord) =>
    (await outcomeOf(record)).outcome.alerts as AlertOutcome[];
  const typesOf = async (streamId: string) =>
    (await world.store.readStream(streamId)).map((e) => e.type);

  return { outcomesOf, outcomeOf, alertsOf, typesOf, ...eventLog(world) };
}

function eventLog(world: AlertProcessorWorld) {
  async function eventCount(): Promise<number> {
    const [row] = await world.db.query<{ n: string }>('SELECT count(*) AS n FROM events');
    return Number(row.n);
  }
  async function lastGlobalPosition(): Promise<number> {
    const [row] = await world.db.query<{ last: string }>(
      'SELECT max(global_position) AS last FROM events',
    );
    return Number(row.last);
  }
  /** Everything an integration has caused in the event store. */
  async function footprintOf(integration: IntegrationSettings): Promise<number> {
    const id = integration.integrationId;
    const [row] = await world.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM events
        WHERE metadata->>'actor' = $1 OR stream_id LIKE $2 OR stream_id LIKE $3`,
      [`integration:${id}`, `alert-${id}-%`, `alert-group-${id}-%`],
    );
    return Number(row.n);
  }
  async function positionOf(record: DeliveryRecord): Promise<LogPosition> {
    const [row] = await world.db.query<{ tx: string; seq: string }>(
      'SELECT tx::text AS tx, seq FROM webhook_deliveries WHERE id = $1',
      [record.id],
    );
    return { transactionId: row.tx, globalPosition: Number(row.seq) };
  }
  return { eventCount, lastGlobalPosition, footprintOf, positionOf };
}
