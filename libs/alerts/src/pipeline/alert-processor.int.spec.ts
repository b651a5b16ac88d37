import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { EventBus } from '@nestjs/cqrs';
import { openDatabase, systemClock, type Database, type OpenedDatabase } from '@sitrep/platform';
import {
  eventStoreMigrations,
  PostgresCheckpointStore,
  PostgresEventStore,
  snapshotStore,
  WrongExpectedVersionError,
  type EventMetadata,
  type LogPosition,
  type RecordedEvent,
} from '@sitrep/event-store';
import {
  incidentStreamId,
  incidentStreams,
  responsePlanErrors,
  type IncidentCommand,
} from '@sitrep/incident';
import { CommandRunner } from '@sitrep/messaging';
import { createTestDatabase, dropTestDatabase } from '@sitrep/testing';
import type { AlertOutcome, IntegrationSettings } from '../alert-pipeline.port';
import {
  ALERT_SNAPSHOT_EVERY,
  MAX_JOINS_PER_EVENT,
  alertDecider,
  type AlertEvent,
  type AlertGroupState,
  type AlertState,
} from '../domain';
import { alertIntakeMigrations } from '../intake/alert-intake.module';
import { deliveryStore, type DeliveryRecord } from '../intake/webhook-delivery.store';
import { settingsOf, type Integration } from '../integrations/integration';
import { integrationStore } from '../integrations/integration.store';
import type { QueuedAlert } from '../normalized-alert';
import { AlertPipelineService } from './alert-pipeline.service';
import {
  ALERT_PROCESSOR_CHECKPOINT,
  AlertProcessor,
  RETRY_WINDOW_MS,
  type AlertProcessorDeps,
  type AlertProcessorOptions,
} from './alert-processor';
import { alertGroupStreamId, alertStreamId } from './alert-streams';
import {
  StreamSession,
  StreamStates,
  type SessionStream,
  type SnapshotReader,
} from './stream-session';
import {
  anAcceptedDelivery,
  anIntegrationRecord,
  aPlanInForce,
  aQueuedAlert,
} from './testing/alert-fixtures';

type Outcome = { status: string; outcome: Record<string, unknown> };

describe('the alert processor against real PostgreSQL', () => {
  let url: string;
  let opened: OpenedDatabase;
  let db: Database;
  let store: PostgresEventStore;
  let checkpoints: PostgresCheckpointStore;
  let pipeline: AlertPipelineService;
  let incidents: CommandRunner;
  /** Every lastGlobalPosition the processors reported after a commit. */
  const appended: number[] = [];
  const plan = aPlanInForce();

  // Its own database: the queue and the processor's checkpoint are global to a database.
  beforeAll(async () => {
    url = await createTestDatabase('sitrep_alert_processor');
    opened = await openDatabase(url, 10, [...eventStoreMigrations, ...alertIntakeMigrations]);
    db = opened.database;
    store = new PostgresEventStore(db);
    checkpoints = new PostgresCheckpointStore(db);
    // As ResponsePlanCatalog: the default plan when none is named, and no other plan exists.
    pipeline = new AlertPipelineService({
      inForce: (planId?: string) =>
        planId === undefined
          ? Promise.resolve(plan)
          : Promise.reject(responsePlanErrors.notFound(planId)),
    });
    const eventBus = { publish: () => undefined } as unknown as EventBus;
    incidents = new CommandRunner(store, systemClock, eventBus);
  });

  afterAll(async () => {
    await opened?.dataSource.destroy();
    if (url) await dropTestDatabase(url);
  });

  // Every test leaves the queue drained: whatever was accepted has exactly one outcome.
  afterEach(async () => {
    const [row] = await db.query<{ accepted: string; outcomes: string }>(
      `SELECT (SELECT count(*) FROM webhook_deliveries WHERE status = 'accepted') AS accepted,
              (SELECT count(*) FROM webhook_delivery_outcomes) AS outcomes`,
    );
    expect(Number(row.outcomes)).toBe(Number(row.accepted));
  });

  function processor(
    options: Partial<AlertProcessorOptions> = {},
    using: AlertPipelineService = pipeline,
    answerHandshake?: AlertProcessorDeps['answerHandshake'],
  ): AlertProcessor {
    return new AlertProcessor(
      {
        answerHandshake,
        database: db,
        store,
        checkpoints,
        pipeline: using,
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
    await integrationStore.insert(db, created);
    return settingsOf(created);
  }

  const alert = aQueuedAlert;

  const t0 = Date.now();
  /** An accepted delivery as the door records it; unique bytes unless `body` says otherwise. */
  const accepted = (
    integration: IntegrationSettings,
    alerts: QueuedAlert[],
    over: { body?: string; offsetSeconds?: number } = {},
  ): DeliveryRecord =>
    anAcceptedDelivery(integration, alerts, {
      body: over.body,
      receivedAt: new Date(t0 + (over.offsetSeconds ?? 0) * 1000),
    });
  const ids = (records: readonly { id: string }[]) => records.map((r) => r.id);

  const checkpoint = () => checkpoints.read(ALERT_PROCESSOR_CHECKPOINT);

  /** Waits until every delivery is in the queue (committed, and below every running transaction). */
  async function queued(records: DeliveryRecord[]): Promise<void> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const visible = new Set(ids(await deliveryStore.queuedAfter(db, await checkpoint(), 10_000)));
      if (records.every((r) => visible.has(r.id))) return;
      if (Date.now() > deadline)
        throw new Error('the deliveries never became visible in the queue');
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  async function enqueue(...records: DeliveryRecord[]): Promise<void> {
    await deliveryStore.insertMany(db, records);
    await queued(records);
  }

  async function outcomesOf(records: DeliveryRecord[]): Promise<Map<string, Outcome>> {
    const rows = await db.query<{
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

  async function eventCount(): Promise<number> {
    const [row] = await db.query<{ n: string }>('SELECT count(*) AS n FROM events');
    return Number(row.n);
  }
  async function lastGlobalPosition(): Promise<number> {
    const [row] = await db.query<{ last: string }>(
      'SELECT max(global_position) AS last FROM events',
    );
    return Number(row.last);
  }
  /** Everything an integration has caused in the event store. */
  async function footprintOf(integration: IntegrationSettings): Promise<number> {
    const id = integration.integrationId;
    const [row] = await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM events
        WHERE metadata->>'actor' = $1 OR stream_id LIKE $2 OR stream_id LIKE $3`,
      [`integration:${id}`, `alert-${id}-%`, `alert-group-${id}-%`],
    );
    return Number(row.n);
  }
  async function positionOf(record: DeliveryRecord): Promise<LogPosition> {
    const [row] = await db.query<{ tx: string; seq: string }>(
      'SELECT tx::text AS tx, seq FROM webhook_deliveries WHERE id = $1',
      [record.id],
    );
    return { transactionId: row.tx, globalPosition: Number(row.seq) };
  }
  const typesOf = async (streamId: string) => (await store.readStream(streamId)).map((e) => e.type);

  describe('the queue', () => {
    it('takes fewer deliveries when their alerts would pass the batch’s budget, at least one', async () => {
      const i = await integration();
      const three = (tag: string) =>
        [1, 2, 3].map((n) => alert({ dedupKey: `${tag}-${n}-${randomUUID()}` }));
      const big = accepted(i, [...three('big'), ...three('big'), ...three('big')]);
      const [first, second, third] = ['a', 'b', 'c'].map((tag) => accepted(i, three(tag)));
      await enqueue(big, first, second, third);
      const p = processor({ maxAlertsPerBatch: 5 });
      expect(await p.processOnce()).toBe(1); // nine alerts: over the budget, but alone
      expect(await p.processOnce()).toBe(1); // three, and three more would make six
      expect(await p.processOnce()).toBe(1);
      expect(await p.processOnce()).toBe(1);
      expect(await p.processOnce()).toBe(0);
      expect((await alertsOf(big)).map((a) => a.decision)).toEqual([
        'opened',
        ...Array(8).fill('joined'),
      ]);
      expect(await checkpoint()).toEqual(await positionOf(third));
    });

    it('is processed in commit order, never past a delivery whose transaction is still open', async () => {
      const i = await integration();
      const first = accepted(i, [alert({ payloadHash: 'payload-1' })]);
      const second = accepted(i, [alert({ payloadHash: 'payload-2' })]);
      const third = accepted(i, [alert({ payloadHash: 'payload-3' })]);
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let recorded!: () => void;
      const firstRecorded = new Promise<void>((resolve) => (recorded = resolve));
      const open = db.transaction(async (tx) => {
        await deliveryStore.insertMany(tx, [first]);
        recorded();
        await held;
      });
      await firstRecorded;
      await deliveryStore.insertMany(db, [second]);
      await deliveryStore.insertMany(db, [third]);

      const p = processor();
      const from = await checkpoint();
      // The later two committed, but behind one still being written: taking them would skip it.
      expect(await p.processOnce()).toBe(0);
      expect(await outcomesOf([first, second, third])).toEqual(new Map());
      expect(await checkpoint()).toEqual(from);

      release();
      await open;
      await queued([first, second, third]);
      expect(await p.processOnce()).toBe(3);
      // Decided in that order: the first opened the incident, the others counted onto it.
      const [opening] = await alertsOf(first);
      expect(opening).toMatchObject({ decision: 'opened' });
      expect(await alertsOf(second)).toEqual([
        expect.objectContaining({
          decision: 'updated',
          incidentId: opening.incidentId,
          reason: expect.stringContaining('(2 deliveries)'),
        }),
      ]);
      expect(await alertsOf(third)).toEqual([
        expect.objectContaining({
          decision: 'updated',
          incidentId: opening.incidentId,
          reason: expect.stringContaining('(3 deliveries)'),
        }),
      ]);
      expect(await checkpoint()).toEqual(await positionOf(third));
      expect(appended.at(-1)).toBe(await lastGlobalPosition());
      expect(p.processedDeliveries).toBe(3);
    });

    it('processes each delivery exactly once, also after a restart', async () => {
      const i = await integration();
      const batch = [
        accepted(i, [alert()]),
        accepted(i, [alert({ dedupKey: 'Latency' })]),
        accepted(i, [alert({ status: 'resolved' })]),
      ];
      await enqueue(...batch);
      const p = processor();
      expect(await p.processOnce()).toBe(3);
      const outcomes = await outcomesOf(batch);
      expect([...outcomes.values()].map((o) => o.status)).toEqual([
        'processed',
        'processed',
        'processed',
      ]);
      const events = await eventCount();
      const at = await checkpoint();
      const reported = appended.length;

      expect(await p.processOnce()).toBe(0);
      expect(await processor().processOnce()).toBe(0);
      expect(await eventCount()).toBe(events);
      expect(await checkpoint()).toEqual(at);
      expect(await outcomesOf(batch)).toEqual(outcomes);
      expect(appended).toHaveLength(reported);
    });

    it('records an empty delivery (an SNS handshake) as processed, with no alerts and no events', async () => {
      const i = await integration();
      const handshake = accepted(i, []);
      await enqueue(handshake);
      const events = await eventCount();
      const reported = appended.length;
      expect(await processor().processOnce()).toBe(1);
      expect(await outcomeOf(handshake)).toEqual({ status: 'processed', outcome: { alerts: [] } });
      expect(await eventCount()).toBe(events);
      expect(appended).toHaveLength(reported);
    });

    it('takes at most batchSize deliveries per pass', async () => {
      const i = await integration();
      const batch = Array.from({ length: 5 }, (_, n) =>
        accepted(i, [alert({ dedupKey: `Alert${n}` })]),
      );
      await enqueue(...batch);
      const p = processor({ batchSize: 2 });
      expect(await p.processOnce()).toBe(2);
      expect((await outcomesOf(batch)).size).toBe(2);
      expect(await checkpoint()).toEqual(await positionOf(batch[1]));
      expect(await p.processOnce()).toBe(2);
      expect(await p.processOnce()).toBe(1);
      expect(await p.processOnce()).toBe(0);
      expect((await outcomesOf(batch)).size).toBe(5);
    });
  });

  describe('retries (identical bytes to the same integration)', () => {
    it('are recognised within a batch and across batches, and change nothing', async () => {
      const i = await integration();
      const other = await integration();
      const body = JSON.stringify({ same: randomUUID() });
      const original = accepted(i, [alert()], { body });
      const copy = accepted(i, [alert()], { body, offsetSeconds: 1 });
      const elsewhere = accepted(other, [alert()], { body, offsetSeconds: 1 });
      await enqueue(original, copy, elsewhere);
      expect(await processor().processOnce()).toBe(3);

      expect(await outcomeOf(copy)).toEqual({
        status: 'retry',
        outcome: { retryOf: original.id, reason: 'identical body already accepted' },
      });
      expect(await alertsOf(original)).toEqual([expect.objectContaining({ decision: 'opened' })]);
      // The same bytes sent to another integration are no retry.
      expect(await alertsOf(elsewhere)).toEqual([expect.objectContaining({ decision: 'opened' })]);
      const stream = alertStreamId(i.integrationId, 'HighErrorRate');
      expect(await typesOf(stream)).toEqual(['AlertFired']);

      const later = accepted(i, [alert()], { body, offsetSeconds: 3600 });
      await enqueue(later);
      const events = await eventCount();
      const reported = appended.length;
      expect(await processor().processOnce()).toBe(1);
      expect(await outcomeOf(later)).toEqual({
        status: 'retry',
        outcome: { retryOf: original.id, reason: 'identical body already accepted' },
      });
      expect(await eventCount()).toBe(events);
      expect(appended).toHaveLength(reported);
    });

    it('are not retries any more once the retry window has passed', async () => {
      const i = await integration();
      const body = JSON.stringify({ same: randomUUID() });
      const original = accepted(i, [alert()], { body });
      const dayLater = accepted(i, [alert()], {
        body,
        offsetSeconds: RETRY_WINDOW_MS / 1000 + 1,
      });
      await enqueue(original, dayLater);
      expect(await processor().processOnce()).toBe(2);
      const [opening] = await alertsOf(original);
      expect((await outcomeOf(dayLater)).status).toBe('processed');
      // The alert was never resolved: the second delivery counts onto the same incident.
      expect(await alertsOf(dayLater)).toEqual([
        expect.objectContaining({ decision: 'deduplicated', incidentId: opening.incidentId }),
      ]);
    });
  });

  describe('when someone else writes to an incident of the batch meanwhile', () => {
    it('commits nothing of the batch, and the next pass decides it again', async () => {
      const i = await integration({ openAs: 'declared', autoResolve: 'resolve' });
      const bystanderIntegration = await integration();
      const fire = accepted(i, [alert()]);
      await enqueue(fire);
      const p0 = processor();
      expect(await p0.processOnce()).toBe(1);
      const [{ incidentId }] = await alertsOf(fire);

      // A person adds a note to the incident after the batch was prepared, before it commits.
      let meanwhile: (() => Promise<unknown>) | null = () =>
        incidents.run(
          incidentStreams,
          incidentId!,
          (now): IncidentCommand => ({
            type: 'AddNote',
            data: {
              incidentId: incidentId!,
              noteId: randomUUID(),
              text: 'Rolling back the deploy',
              addedBy: 'user:alice',
              addedAt: now,
            },
          }),
          { actor: 'user:alice' },
        );
      const racing = {
        prepare: async (...args: Parameters<AlertPipelineService['prepare']>) => {
          await pipeline.prepare(...args);
          const write = meanwhile;
          meanwhile = null;
          await write?.();
        },
        ingest: (...args: Parameters<AlertPipelineService['ingest']>) => pipeline.ingest(...args),
      } as unknown as AlertPipelineService;

      const resolve = accepted(i, [alert({ status: 'resolved' })]);
      const bystander = accepted(bystanderIntegration, [alert()]);
      await enqueue(resolve, bystander);
      const from = await checkpoint();
      const stream = alertStreamId(i.integrationId, 'HighErrorRate');
      const alertEvents = await store.readStream(stream);
      const reported = appended.length;
      const p = processor({}, racing);

      await expect(p.processOnce()).rejects.toBeInstanceOf(WrongExpectedVersionError);
      expect(await typesOf(incidentStreamId(incidentId!))).toEqual([
        'IncidentDeclared',
        'NotificationsRequested',
        'InvestigationTimeboxStarted',
        'NoteAdded',
      ]);
      expect(await store.readStream(stream)).toEqual(alertEvents);
      expect(await footprintOf(bystanderIntegration)).toBe(0);
      expect(await outcomesOf([resolve, bystander])).toEqual(new Map());
      expect(await checkpoint()).toEqual(from);
      expect(appended).toHaveLength(reported);

      expect(await p.processOnce()).toBe(2);
      expect(await alertsOf(resolve)).toEqual([
        expect.objectContaining({
          decision: 'resolved',
          incidentId,
          reason: expect.stringContaining('incident resolved'),
        }),
      ]);
      expect(await alertsOf(bystander)).toEqual([expect.objectContaining({ decision: 'opened' })]);
      expect((await typesOf(incidentStreamId(incidentId!))).slice(-2)).toEqual([
        'NoteAdded',
        'IncidentResolved',
      ]);
      expect(await checkpoint()).toEqual(await positionOf(bystander));
    });
  });

  describe('a delivery whose processing throws', () => {
    it('is tried attemptsPerDelivery times, then recorded as failed while the rest of its batch is processed', async () => {
      const good = await integration();
      const broken = await integration({ responsePlanId: randomUUID() });
      const before = accepted(good, [alert({ dedupKey: 'Before' })]);
      const failing = accepted(broken, [alert()]);
      const after = accepted(good, [alert({ dedupKey: 'After', service: 'billing' })]);
      await enqueue(before, failing, after);
      const from = await checkpoint();
      const events = await eventCount();
      const p = processor({ attemptsPerDelivery: 2 });
      const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);

      for (let attempt = 1; attempt <= 2; attempt++) {
        await expect(p.processOnce()).rejects.toThrow(
          `Response plan ${broken.responsePlanId} does not exist`,
        );
        expect(await outcomesOf([before, failing, after])).toEqual(new Map());
        expect(await checkpoint()).toEqual(from);
        expect(await eventCount()).toBe(events);
      }

      expect(logged).toHaveBeenCalledWith(
        expect.stringContaining(`delivery ${failing.id} failed 2 times and is recorded as failed`),
      );
      logged.mockRestore();
      expect(await p.processOnce()).toBe(3);
      expect(await outcomeOf(failing)).toEqual({
        status: 'failed',
        outcome: { error: `Response plan ${broken.responsePlanId} does not exist` },
      });
      expect(await alertsOf(before)).toEqual([expect.objectContaining({ decision: 'opened' })]);
      expect(await alertsOf(after)).toEqual([expect.objectContaining({ decision: 'opened' })]);
      expect(await footprintOf(broken)).toBe(0);
      expect(await checkpoint()).toEqual(await positionOf(after));

      // Once the integration is repaired, the sender's copy of the failed bytes is no retry.
      await db.query('UPDATE integrations SET response_plan_id = NULL WHERE id = $1', [
        broken.integrationId,
      ]);
      const copy = accepted(broken, [alert()], { body: failing.body.toString() });
      await enqueue(copy);
      expect(await p.processOnce()).toBe(1);
      expect(await outcomeOf(copy)).toEqual({
        status: 'processed',
        outcome: { alerts: [expect.objectContaining({ decision: 'opened' })] },
      });
    });
  });

  describe('a delivery whose alerts break the normalized contract', () => {
    it('is recorded as failed at once, and the deliveries around it are processed', async () => {
      const good = await integration();
      const before = accepted(good, [alert({ dedupKey: 'Before contract' })]);
      // As a door without the contract check let through: no dedup key, a severity that is not one.
      const unusable = accepted(good, [
        { ...alert(), dedupKey: undefined as unknown as string, severity: {} as 'SEV1' },
      ]);
      const after = accepted(good, [alert({ dedupKey: 'After contract', service: 'billing' })]);
      await enqueue(before, unusable, after);

      expect(await processor().processOnce()).toBe(3);
      expect(await outcomeOf(unusable)).toEqual({
        status: 'failed',
        outcome: {
          error: expect.stringMatching(
            /^unusable alerts: alerts\.0\.dedupKey .*alerts\.0\.severity/,
          ),
        },
      });
      expect(await alertsOf(before)).toEqual([expect.objectContaining({ decision: 'opened' })]);
      expect(await alertsOf(after)).toEqual([expect.objectContaining({ decision: 'opened' })]);
      expect(await checkpoint()).toEqual(await positionOf(after));
    });
  });

  describe('repeats of one alert in one batch', () => {
    it('are appended as one AlertRepeated that folds to the state the repeats one by one give', async () => {
      const i = await integration();
      const fire = accepted(i, [alert()]);
      await enqueue(fire);
      expect(await processor().processOnce()).toBe(1);
      const [{ incidentId }] = await alertsOf(fire);
      const stream = alertStreamId(i.integrationId, 'HighErrorRate');
      const before = await store.readStream(stream);

      const hashes = ['payload-1', 'payload-1', 'payload-2', 'payload-2', 'payload-2'];
      const repeats = hashes.map((payloadHash, n) =>
        accepted(i, [alert({ payloadHash })], { offsetSeconds: n + 1 }),
      );
      await enqueue(...repeats);
      expect(await processor().processOnce()).toBe(5);

      const after = await store.readStream(stream);
      expect(after.slice(0, before.length)).toEqual(before);
      const added = after.slice(before.length);
      expect(added).toHaveLength(1);
      expect(added[0]).toMatchObject({
        type: 'AlertRepeated',
        data: {
          integrationId: i.integrationId,
          dedupKey: 'HighErrorRate',
          incidentId,
          count: 6,
          payloadChanged: true,
          payloadHash: 'payload-2',
          deliveryId: repeats[4].id,
          deliveryIds: ids(repeats),
          receivedAt: repeats[4].receivedAt.toISOString(),
        },
      });

      // Each delivery still has its own decision.
      const decisions = await Promise.all(repeats.map(async (r) => (await alertsOf(r))[0]));
      expect(decisions.map((d) => [d.decision, d.incidentId])).toEqual([
        ['deduplicated', incidentId],
        ['deduplicated', incidentId],
        ['updated', incidentId],
        ['deduplicated', incidentId],
        ['deduplicated', incidentId],
      ]);
      expect(decisions.map((d) => /\((\d+) deliveries\)/.exec(d.reason)?.[1])).toEqual([
        '2',
        '3',
        '4',
        '5',
        '6',
      ]);

      const fold = (events: RecordedEvent[]) =>
        events.reduce(
          (state, e) => alertDecider.evolve(state, { type: e.type, data: e.data } as AlertEvent),
          alertDecider.initialState(),
        );
      let oneByOne: AlertState = fold(before);
      for (const r of repeats) {
        const [event] = alertDecider.decide(
          {
            type: 'ReceiveFiringAlert',
            data: {
              ...alert({ payloadHash: r.alerts![0].payloadHash }),
              integrationId: i.integrationId,
              service: 'checkout',
              deliveryId: r.id,
              receivedAt: r.receivedAt.toISOString(),
            },
          },
          oneByOne,
        );
        expect(event.type).toBe('AlertRepeated');
        oneByOne = alertDecider.evolve(oneByOne, event);
      }
      expect(fold(after)).toEqual(oneByOne);
      expect(oneByOne).toMatchObject({ count: 6, payloadHash: 'payload-2' });
    });
  });

  describe('long streams', () => {
    it('snapshots a group every ALERT_SNAPSHOT_EVERY events, and a processor starting afresh folds only what came after', async () => {
      const i = await integration({ groupingWindowSeconds: 3600 });
      const storm = Array.from({ length: 250 }, (_, n) =>
        alert({ dedupKey: `storm-${n}`, payloadHash: `p${n}` }),
      );
      const first = accepted(i, storm);
      await enqueue(first);
      expect(await processor().processOnce()).toBe(1);
      const incidentId = (await alertsOf(first))[0].incidentId!;
      const group = alertGroupStreamId(i.integrationId, 'checkout');
      // The joins a pass decides are one event per MAX_JOINS_PER_EVENT alerts.
      const stormEvents = await store.readStream(group);
      expect(
        stormEvents.map((e) => [e.type, (e.data.joins as unknown[] | undefined)?.length]),
      ).toEqual([
        ['AlertGroupIncidentOpened', undefined],
        ['AlertsJoinedGroupIncident', MAX_JOINS_PER_EVENT],
        ['AlertsJoinedGroupIncident', MAX_JOINS_PER_EVENT],
        ['AlertsJoinedGroupIncident', 249 - 2 * MAX_JOINS_PER_EVENT],
      ]);

      // A service that has been alerting for long: one join at a time up to one short of a snapshot.
      const history = Array.from(
        { length: ALERT_SNAPSHOT_EVERY - 1 - stormEvents.length },
        (_, n) => ({
          eventId: randomUUID(),
          type: 'AlertJoinedGroupIncident',
          data: {
            integrationId: i.integrationId,
            service: 'checkout',
            incidentId,
            dedupKey: `earlier-${n}`,
            episode: 1,
            at: first.receivedAt.toISOString(),
            rule: 'grouped',
            reason: 'joined earlier',
          },
        }),
      );
      await store.append(group, history, stormEvents.length);
      const next = accepted(i, [alert({ dedupKey: 'next', payloadHash: 'next' })], {
        offsetSeconds: 1,
      });
      await enqueue(next);
      expect(await processor().processOnce()).toBe(1);
      const [snapshot] = await db.query<{
        version: string;
        schema: string;
        state: AlertGroupState;
      }>('SELECT version, schema, state FROM stream_snapshots WHERE stream_id = $1', [group]);
      expect(snapshot).toMatchObject({
        version: String(ALERT_SNAPSHOT_EVERY),
        schema: 'alert-group@1',
      });
      expect(snapshot.state.incidents[incidentId].firing).toBe(250 + history.length + 1);

      const spy = jest.spyOn(store, 'readStreams');
      const late = accepted(i, [alert({ dedupKey: 'late', payloadHash: 'late' })], {
        offsetSeconds: 5,
      });
      await enqueue(late);
      expect(await processor().processOnce()).toBe(1);
      expect(await alertsOf(late)).toEqual([
        expect.objectContaining({ decision: 'joined', incidentId }),
      ]);
      const groupReads = spy.mock.calls.flatMap(([reads]) =>
        reads.filter((r) => r.streamId === group),
      );
      expect(groupReads).toEqual([{ streamId: group, afterPosition: ALERT_SNAPSHOT_EVERY }]);
      spy.mockRestore();
    });
  });

  describe('StreamSession', () => {
    type Add = { type: 'Add'; n: number };
    type Added = { type: 'Added'; data: { n: number } };
    type Total = { total: number };
    const counter: SessionStream<Add, Added, Total> = {
      decide: (command) => (command.n === 0 ? [] : [{ type: 'Added', data: { n: command.n } }]),
      evolve: (state, event) => ({ total: state.total + event.data.n }),
      initialState: () => ({ total: 0 }),
      soleWriter: true,
    };
    const coalescing: SessionStream<Add, Added, Total> = {
      ...counter,
      coalesce: (earlier, later) => ({ type: 'Added', data: { n: earlier.data.n + later.data.n } }),
    };
    const shared: SessionStream<Add, Added, Total> = { ...counter, soleWriter: false };
    const metadata: EventMetadata = { actor: 'test' };
    const add = (n: number) => () => ({ type: 'Add' as const, n });
    const stream = () => `counter-${randomUUID()}`;
    const write = (streamId: string, ns: number[], expected: 'no-stream' | 'any' | number) =>
      store.append(
        streamId,
        ns.map((n) => ({ eventId: randomUUID(), type: 'Added', data: { n } })),
        expected,
      );
    const commit = async (session: StreamSession) => {
      await db.transaction((tx) => store.appendBatch(session.appends(), tx));
      session.commit();
    };
    const reads = () => jest.spyOn(store, 'readStreams');
    afterEach(() => jest.restoreAllMocks());

    it('reads what it does not remember in one read, and writes nothing until appended', async () => {
      const [a, b] = [stream(), stream()];
      await write(a, [1, 2], 'no-stream');
      const states = new StreamStates(100);
      const spy = reads();
      const session = new StreamSession(store, states);
      await session.load([a, b, a], counter);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy).toHaveBeenCalledWith([
        { streamId: a, afterPosition: 0 },
        { streamId: b, afterPosition: 0 },
      ]);
      expect(await session.state(a, counter)).toEqual({ total: 3 });

      const decided = await session.run(a, counter, add(5), metadata);
      expect(decided).toEqual({ events: [{ type: 'Added', data: { n: 5 } }], state: { total: 8 } });
      await session.run(b, counter, add(1), metadata);
      await session.run(b, counter, add(0), metadata);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(session.appends()).toEqual([
        {
          streamId: a,
          expected: 2,
          events: [{ eventId: expect.any(String), type: 'Added', data: { n: 5 }, metadata }],
        },
        {
          streamId: b,
          expected: 'no-stream',
          events: [{ eventId: expect.any(String), type: 'Added', data: { n: 1 }, metadata }],
        },
      ]);
      expect(await store.readStream(a)).toHaveLength(2);
      expect(await store.readStream(b)).toHaveLength(0);
      expect(states.size).toBe(0);

      await commit(session);
      expect((await store.readStream(a)).map((e) => e.data)).toEqual([
        { n: 1 },
        { n: 2 },
        { n: 5 },
      ]);
      expect(states.get(a)).toEqual({ state: { total: 8 }, version: 3, snapshotVersion: 0 });
      expect(states.get(b)).toEqual({ state: { total: 1 }, version: 1, snapshotVersion: 0 });
    });

    it('trusts what it remembers of its own streams, and brings shared ones up to date', async () => {
      const a = stream();
      const states = new StreamStates(100);
      const first = new StreamSession(store, states);
      await first.run(a, counter, add(1), metadata);
      await commit(first);
      // Someone else writes to the stream: a shared decider's streams are read after what is known.
      await write(a, [10], 1);

      const spy = reads();
      const own = new StreamSession(store, states);
      expect(await own.state(a, counter)).toEqual({ total: 1 });
      expect(spy).not.toHaveBeenCalled();
      // Deciding on the stale state cannot commit: the batch append checks the version.
      await own.run(a, counter, add(2), metadata);
      await expect(commit(own)).rejects.toBeInstanceOf(WrongExpectedVersionError);
      expect(states.get(a)).toEqual({ state: { total: 1 }, version: 1, snapshotVersion: 0 });

      const fresh = new StreamSession(store, states);
      expect(await fresh.state(a, shared)).toEqual({ total: 11 });
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy).toHaveBeenLastCalledWith([{ streamId: a, afterPosition: 1 }]);
      await fresh.run(a, shared, add(100), metadata);
      expect(fresh.appends()).toEqual([expect.objectContaining({ streamId: a, expected: 2 })]);
      await commit(fresh);
      expect((await store.readStream(a)).map((e) => e.data)).toEqual([
        { n: 1 },
        { n: 10 },
        { n: 100 },
      ]);
      expect(states.get(a)).toEqual({ state: { total: 111 }, version: 3, snapshotVersion: 0 });
    });

    it('a session whose transaction rolled back leaves what is remembered as it was', async () => {
      const a = stream();
      await write(a, [1], 'no-stream');
      const states = new StreamStates(100);
      const first = new StreamSession(store, states);
      await first.load([a], counter);
      await commit(first);
      expect(states.get(a)).toEqual({ state: { total: 1 }, version: 1, snapshotVersion: 0 });

      const dropped = new StreamSession(store, states);
      await dropped.run(a, counter, add(5), metadata);
      await expect(
        db.transaction(async (tx) => {
          await store.appendBatch(dropped.appends(), tx);
          throw new Error('the outcomes could not be recorded');
        }),
      ).rejects.toThrow('the outcomes could not be recorded');
      expect(await store.readStream(a)).toHaveLength(1);
      expect(states.get(a)).toEqual({ state: { total: 1 }, version: 1, snapshotVersion: 0 });

      const next = new StreamSession(store, states);
      await next.run(a, counter, add(2), metadata);
      await commit(next);
      expect((await store.readStream(a)).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
    });

    it('changes a state in place where the decider can; a dropped session’s streams are read again', async () => {
      const inPlace: SessionStream<Add, Added, Total> = {
        ...counter,
        evolve: () => {
          throw new Error('evolve copies: a decider that changes in place does not need it');
        },
        applyInPlace: (state, event) => {
          state.total += event.data.n;
        },
      };
      const a = stream();
      await write(a, [1, 2], 'no-stream');
      const states = new StreamStates(100);
      const first = new StreamSession(store, states);
      await first.load([a], inPlace);
      for (const n of [3, 4]) await first.run(a, inPlace, add(n), metadata);
      await commit(first);
      const remembered = states.get(a)!;
      expect(remembered).toEqual({ state: { total: 10 }, version: 4, snapshotVersion: 0 });

      // The remembered state itself changes, so the session takes it out of the remembered ones.
      const dropped = new StreamSession(store, states);
      const runs = [];
      for (const n of [5, 6]) runs.push((await dropped.run(a, inPlace, add(n), metadata)).state);
      expect(runs[1]).toEqual({ total: 21 });
      expect(states.get(a)).toBeUndefined();

      // The dropped session's appends never committed: the next session reads the log again.
      const next = new StreamSession(store, states);
      expect((await next.run(a, inPlace, add(7), metadata)).state).toEqual({ total: 17 });
      await commit(next);
      expect(states.get(a)).toEqual({ state: { total: 17 }, version: 5, snapshotVersion: 0 });
    });

    it('saves a snapshot every N events with the appends, and starts a forgotten stream from it', async () => {
      const snapshotted: SessionStream<Add, Added, Total> = {
        ...counter,
        snapshot: { schema: 'counter@1', every: 3 },
      };
      const fromDatabase: SnapshotReader = (schema, ids) => snapshotStore.read(db, schema, ids);
      const commitWithSnapshots = async (session: StreamSession) => {
        const due = session.snapshotsDue();
        await db.transaction(async (tx) => {
          await store.appendBatch(session.appends(), tx);
          await snapshotStore.save(tx, due);
        });
        session.commit(due);
        return due;
      };
      const a = stream();
      const states = new StreamStates(100);
      const first = new StreamSession(store, states, fromDatabase);
      for (const n of [1, 2]) await first.run(a, snapshotted, add(n), metadata);
      expect(first.snapshotsDue()).toEqual([]);
      await first.run(a, snapshotted, add(3), metadata);
      expect(await commitWithSnapshots(first)).toEqual([
        { streamId: a, schema: 'counter@1', version: 3, state: { total: 6 } },
      ]);
      expect(states.get(a)).toEqual({ state: { total: 6 }, version: 3, snapshotVersion: 3 });

      // Remembered: the next one is due three events after the last, not after the first.
      const second = new StreamSession(store, states, fromDatabase);
      for (const n of [4, 5]) await second.run(a, snapshotted, add(n), metadata);
      expect(await commitWithSnapshots(second)).toEqual([]);

      // Nothing in memory: the snapshot, then only the events after it.
      const spy = reads();
      const fresh = new StreamSession(store, new StreamStates(100), fromDatabase);
      expect(await fresh.state(a, snapshotted)).toEqual({ total: 15 });
      expect(spy).toHaveBeenLastCalledWith([{ streamId: a, afterPosition: 3 }]);
      await fresh.run(a, snapshotted, add(6), metadata);
      expect(await commitWithSnapshots(fresh)).toEqual([
        { streamId: a, schema: 'counter@1', version: 6, state: { total: 21 } },
      ]);

      // A snapshot of another shape is not used: the stream is folded from its first event.
      const reshaped = { ...snapshotted, snapshot: { schema: 'counter@2', every: 3 } };
      const other = new StreamSession(store, new StreamStates(100), fromDatabase);
      expect(await other.state(a, reshaped)).toEqual({ total: 21 });
      expect(spy).toHaveBeenLastCalledWith([{ streamId: a, afterPosition: 0 }]);
      expect((await store.readStream(a)).map((e) => e.data)).toEqual(
        [1, 2, 3, 4, 5, 6].map((n) => ({ n })),
      );
    });

    it('coalesces events staged one after another on a stream when its decider says how', async () => {
      const [a, b] = [stream(), stream()];
      const session = new StreamSession(store, new StreamStates(100));
      const runs = [];
      for (const n of [1, 2, 3]) runs.push(await session.run(a, coalescing, add(n), metadata));
      for (const n of [1, 2]) await session.run(b, counter, add(n), metadata);
      // Each run still reports its own event and the state after it.
      expect(runs).toEqual([
        { events: [{ type: 'Added', data: { n: 1 } }], state: { total: 1 } },
        { events: [{ type: 'Added', data: { n: 2 } }], state: { total: 3 } },
        { events: [{ type: 'Added', data: { n: 3 } }], state: { total: 6 } },
      ]);
      const appends = session.appends();
      expect(appends.map((s) => [s.streamId, s.events.map((e) => e.data)])).toEqual([
        [a, [{ n: 6 }]],
        [b, [{ n: 1 }, { n: 2 }]],
      ]);
    });

    it('forgets the least recently used streams beyond its capacity', () => {
      const states = new StreamStates(10);
      for (let n = 0; n < 10; n++)
        states.set(`s${n}`, { state: n, version: 1, snapshotVersion: 0 });
      expect(states.get('s0')).toEqual({ state: 0, version: 1, snapshotVersion: 0 });
      states.set('s10', { state: 10, version: 1, snapshotVersion: 0 });
      expect(states.size).toBeLessThanOrEqual(10);
      // s1 is now the least recently used; s0 was just read and s10 just written.
      expect(states.get('s1')).toBeUndefined();
      expect(states.get('s0')).toEqual({ state: 0, version: 1, snapshotVersion: 0 });
      expect(states.get('s10')).toEqual({ state: 10, version: 1, snapshotVersion: 0 });
      expect(states.get('s9')).toEqual({ state: 9, version: 1, snapshotVersion: 0 });
    });
  });

  describe('handshakes', () => {
    const confirmation = { action: 'confirm-subscription', detail: { subscribeUrl: 'u' } };
    /** An accepted SNS SubscriptionConfirmation as the door records it. */
    function handshakeDelivery(i: IntegrationSettings): DeliveryRecord {
      const record = accepted(i, []);
      return {
        ...record,
        source: 'cloudwatch-sns',
        outcome: { answer: { status: 200, body: {} }, handshake: confirmation },
      };
    }

    it('answers an accepted handshake as its source says and records the answer', async () => {
      const i = await integration({ source: 'cloudwatch-sns' });
      const handshake = handshakeDelivery(i);
      const asked: unknown[] = [];
      await enqueue(handshake);
      const p = processor({}, pipeline, async (source, h) => {
        asked.push({ source, h });
        return { confirmed: true, subscriptionArn: 'arn:sub' };
      });
      expect(await p.processOnce()).toBe(1);
      expect(asked).toEqual([{ source: 'cloudwatch-sns', h: confirmation }]);
      expect(await outcomeOf(handshake)).toEqual({
        status: 'processed',
        outcome: {
          alerts: [],
          handshake: {
            action: 'confirm-subscription',
            confirmed: true,
            subscriptionArn: 'arn:sub',
          },
        },
      });
    });

    it('records a failed answer with its reason, once, and the alerts around it go on', async () => {
      const i = await integration({ source: 'cloudwatch-sns' });
      const before = accepted(i, [alert({ payloadHash: 'before-handshake' })]);
      const handshake = handshakeDelivery(i);
      const after = accepted(i, [alert({ dedupKey: `after-${randomUUID()}` })]);
      await enqueue(before, handshake, after);
      let calls = 0;
      const p = processor({}, pipeline, async () => {
        calls += 1;
        throw new Error('GET https://sns.eu-west-1.amazonaws.com/ failed: ENOTFOUND');
      });
      expect(await p.processOnce()).toBe(3);
      expect(calls).toBe(1);
      expect((await outcomeOf(handshake)).outcome).toEqual({
        alerts: [],
        handshake: {
          action: 'confirm-subscription',
          error: 'GET https://sns.eu-west-1.amazonaws.com/ failed: ENOTFOUND',
        },
      });
      expect((await alertsOf(before)).map((a) => a.decision)).toEqual(['opened']);
      expect((await alertsOf(after)).map((a) => a.decision)).toEqual(['joined']);
    });

    it('records nothing more where the source has nothing to do', async () => {
      const i = await integration({ source: 'cloudwatch-sns' });
      const handshake = handshakeDelivery(i);
      await enqueue(handshake);
      expect(await processor({}, pipeline, async () => undefined).processOnce()).toBe(1);
      expect((await outcomeOf(handshake)).outcome).toEqual({ alerts: [] });
    });
  });
});
