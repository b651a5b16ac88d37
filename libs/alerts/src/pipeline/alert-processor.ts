import { Logger } from '@nestjs/common';
import {
  PollingLoop,
  type AdvisoryLock,
  type Clock,
  type Database,
  type Sql,
} from '@sitrep/platform';
import { isSystemicError } from '@sitrep/messaging';
import {
  snapshotStore,
  WrongExpectedVersionError,
  type CheckpointStore,
  type EventStore,
  type LogPosition,
} from '@sitrep/event-store';
import type { IntegrationSettings } from '../alert-pipeline.port';
import type { Handshake, HandshakeAnswer } from '../alert-source';
import { alertsProblems, type QueuedAlert } from '../normalized-alert';
import {
  deliveryStore,
  type NewOutcome,
  type QueuedDelivery,
} from '../intake/webhook-delivery.store';
import type { AlertPipelineService } from './alert-pipeline.service';
import { StreamSession, StreamStates } from './stream-session';
import { changeOf, openIncidentsNaming, type ChangeOutcome } from './change-notes';

export const ALERT_PROCESSOR_CHECKPOINT = 'alert-processor';

export interface AlertProcessorOptions {
  batchSize: number;
  /**
   * A batch stops before the delivery that would take it past this many alerts (one delivery is
   * always taken): a message can carry hundreds, and one transaction should stay short.
   */
  maxAlertsPerBatch: number;
  /**
   * The pause after a pass that found work; each idle pass doubles it, up to idlePollMs. Under
   * load it sets the batch size, and fuller batches cost less per alert: a longer pause measured
   * more alerts/s and less CPU per alert (bench:ingest; figures in bench/README.md), for a little
   * more time before a busy processor looks again. A local acceptance wakes it at once.
   */
  pollIntervalMs: number;
  idlePollMs: number;
  maxBackoffMs: number;
  /** Alert, group and incident states kept between batches. */
  rememberedStreams: number;
  /** How often a standby tries to take over (alerts wait at most this long after a failover). */
  standbyRetryMs: number;
}

export const ALERT_PROCESSOR_DEFAULTS: AlertProcessorOptions = {
  batchSize: 500,
  maxAlertsPerBatch: 5_000,
  pollIntervalMs: 100,
  idlePollMs: 250,
  maxBackoffMs: 10_000,
  rememberedStreams: 50_000,
  standbyRetryMs: 1_000,
};

export interface AlertProcessorDeps {
  database: Database;
  store: EventStore;
  checkpoints: CheckpointStore;
  pipeline: AlertPipelineService;
  clock: Clock;
  /** The settings of these integrations (absent: no such integration). */
  settingsOf(integrationIds: readonly string[]): Promise<Map<string, IntegrationSettings>>;
  /** Null in embedded mode: one process, nobody to elect. */
  lock: AdvisoryLock | null;
  /** After each commit that appended events. */
  appended(lastGlobalPosition: number): void;
  /** After each commit: the outcomes it recorded (for metrics). */
  recorded?(outcomes: readonly NewOutcome[]): void;
  /** Answers an accepted handshake as its source says (AlertSource.answerHandshake). */
  answerHandshake?(source: string, handshake: Handshake): Promise<HandshakeAnswer | undefined>;
}

/** The first deliveries of the queue whose alerts fit the budget; at least the first. */
export function withinAlertBudget(
  queued: readonly QueuedDelivery[],
  maxAlerts: number,
): QueuedDelivery[] {
  let alerts = 0;
  let count = 0;
  while (count < queued.length) {
    alerts += queued[count].alerts.length;
    if (count > 0 && alerts > maxAlerts) break;
    count += 1;
  }
  return queued.slice(0, count);
}

/**
 * As the intake tidies a service today: trimmed, and one of only whitespace is none. Deliveries
 * queued before the intake did so would otherwise fail the incident's check on its services.
 */
function withServiceTrimmed(alert: QueuedAlert): QueuedAlert {
  if (typeof alert.service !== 'string') return alert;
  const { service, ...rest } = alert;
  return service.trim() === '' ? rest : { ...alert, service: service.trim() };
}

/** Another processor moved the checkpoint: nothing to blame on a delivery. */
class CheckpointMoved extends Error {
  constructor() {
    super('the alert processor checkpoint was moved by another process');
  }
}

/**
 * A failure that may be a delivery's own (a bad payload, a missing response plan, a value the
 * database refuses), as opposed to the database being away, a lost race or a moved checkpoint:
 * those say nothing about any delivery and are retried with backoff.
 */
function mayBeTheDeliverys(error: unknown): boolean {
  return !(
    error instanceof WrongExpectedVersionError ||
    error instanceof CheckpointMoved ||
    isSystemicError(error)
  );
}

/**
 * Turns accepted deliveries into events, in batches, in the order they committed: one session
 * decides a whole batch in memory (alert and grouping streams remembered between batches, since
 * this is their only writer, and snapshotted as they grow), and one transaction appends every
 * event, saves the snapshots due, records every delivery's outcome and moves the checkpoint. So
 * each delivery is processed exactly once, a crash redoes the whole batch, and a storm costs a
 * few statements per batch instead of per alert. One processor at a time across processes,
 * elected by an advisory lock; the others stand by.
 */
export class AlertProcessor {
  private readonly logger = new Logger(AlertProcessor.name);
  private readonly options: AlertProcessorOptions;
  private readonly states: StreamStates;
  private readonly loop = new PollingLoop(
    () => this.drain(),
    () => this.delayMs(),
  );
  private failures = 0;
  private idlePasses = 0;
  private processed = 0;

  constructor(
    private readonly deps: AlertProcessorDeps,
    options: Partial<AlertProcessorOptions> = {},
  ) {
    this.options = { ...ALERT_PROCESSOR_DEFAULTS, ...options };
    this.states = new StreamStates(this.options.rememberedStreams);
  }

  get processedDeliveries(): number {
    return this.processed;
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    await this.deps.lock?.release();
  }

  /** Asks for a pass now (coalesced with one under way), e.g. right after a local acceptance. */
  wake(): void {
    this.loop.wake();
  }

  /** Processes the next batch; returns how many deliveries it took (0: none, or not the elected one). */
  async processOnce(): Promise<number> {
    const { lock } = this.deps;
    if (lock && !lock.isHeld) {
      if (!(await lock.tryAcquire())) return 0;
      this.states.clear(); // another processor may have written meanwhile
    }
    const from = await this.deps.checkpoints.read(ALERT_PROCESSOR_CHECKPOINT);
    const queued = withinAlertBudget(
      await deliveryStore.queuedAfter(this.deps.database, from, this.options.batchSize),
      this.options.maxAlertsPerBatch,
    );
    if (queued.length === 0) return 0;
    await this.processOrIsolate(from, queued);
    this.processed += queued.length;
    return queued.length;
  }

  /**
   * Processes the deliveries as one batch; if that fails for what may be a delivery's fault, at
   * once (no backoff) each half on its own, down to the one delivery at fault, which is recorded
   * as failed with its error. Retrying the whole batch with backoff held up every sender's alerts
   * behind one bad delivery (five of them delayed another integration's alert by 101 s).
   * Returns the position processed up to.
   */
  private async processOrIsolate(
    from: LogPosition,
    queued: readonly QueuedDelivery[],
  ): Promise<LogPosition> {
    try {
      await this.processBatch(from, queued);
    } catch (error) {
      this.states.clear();
      if (!mayBeTheDeliverys(error)) throw error;
      if (queued.length === 1) {
        await this.recordFailed(from, queued[0], error);
      } else {
        const half = Math.ceil(queued.length / 2);
        const middle = await this.processOrIsolate(from, queued.slice(0, half));
        await this.processOrIsolate(middle, queued.slice(half));
      }
    }
    return queued[queued.length - 1].position;
  }

  /** The delivery alone threw: recorded as failed with its error, and the queue moves on. */
  private async recordFailed(from: LogPosition, delivery: QueuedDelivery, error: unknown) {
    const message = error instanceof Error ? error.message : String(error);
    const outcome: NewOutcome = {
      deliveryId: delivery.id,
      status: 'failed',
      outcome: { error: message },
      processedAt: this.deps.clock.now(),
    };
    await this.deps.database.transaction(async (tx) => {
      await this.moveCheckpoint(from, delivery.position, tx);
      await deliveryStore.insertOutcomes(tx, [outcome]);
    });
    this.logger.error(`delivery ${delivery.id} is recorded as failed: ${message}`);
    this.deps.recorded?.([outcome]);
  }

  /**
   * First in its transaction: a second processor (a stale one after a failover) waits on the
   * checkpoint's row and then finds it moved, before its copy of the batch can collide with the
   * first's outcomes and be taken for a delivery's fault.
   */
  private async moveCheckpoint(from: LogPosition, to: LogPosition, tx: Sql): Promise<void> {
    if (!(await this.deps.checkpoints.compareAndSet(ALERT_PROCESSOR_CHECKPOINT, from, to, tx))) {
      throw new CheckpointMoved();
    }
  }

  private async processBatch(from: LogPosition, batch: readonly QueuedDelivery[]) {
    const { database, store, pipeline, clock } = this.deps;
    const queued = batch.map((d) => ({ ...d, alerts: d.alerts.map(withServiceTrimmed) }));
    const processedAt = clock.now();
    const retries = await this.retriesIn(queued);
    const session = new StreamSession(store, this.states, (schema, streamIds) =>
      snapshotStore.read(database, schema, streamIds),
    );
    const work: { delivery: QueuedDelivery; integration: IntegrationSettings }[] = [];
    const outcomes: NewOutcome[] = [];
    const settings = await this.deps.settingsOf([...new Set(queued.map((d) => d.integrationId))]);
    for (const delivery of queued) {
      const done = (status: NewOutcome['status'], outcome: unknown) =>
        outcomes.push({ deliveryId: delivery.id, status, outcome, processedAt });
      const retryOf = retries.get(delivery.id);
      const integration = settings.get(delivery.integrationId);
      const unusable = alertsProblems(delivery.alerts);
      if (retryOf) done('retry', { retryOf, reason: 'the sender sent this delivery again' });
      else if (!integration) done('failed', { error: 'the integration no longer exists' });
      // Accepted before the intake checked this (or by an intake with a bug): deciding it would throw
      // before any delivery could be blamed, and stop every delivery behind it.
      else if (unusable.length > 0)
        done('failed', { error: `unusable alerts: ${unusable.join('; ')}` });
      else work.push({ delivery, integration });
    }
    // Handshakes wait on a vendor's network: answered while the batch is decided, all at once.
    const handshakes = new Map(
      work.flatMap(({ delivery: { id, source, handshake } }) =>
        handshake ? [[id, this.answer(source, handshake)] as const] : [],
      ),
    );
    await pipeline.prepare(
      session,
      work.map(({ delivery, integration }) => ({ integration, alerts: delivery.alerts })),
    );
    for (const { delivery, integration } of work) {
      const alerts = await pipeline.ingest(session, integration, delivery.alerts, {
        deliveryId: delivery.id,
        receivedAt: delivery.receivedAt,
      });
      const change = await this.noteChange(session, integration, delivery);
      const handshake = await handshakes.get(delivery.id);
      outcomes.push({
        deliveryId: delivery.id,
        status: 'processed',
        outcome: { alerts, ...(handshake ? { handshake } : {}), ...(change ? { change } : {}) },
        processedAt,
      });
    }
    const to = queued[queued.length - 1].position;
    const appends = session.appends();
    const snapshots = session.snapshotsDue();
    const { lastGlobalPosition } = await database.transaction(async (tx) => {
      await this.moveCheckpoint(from, to, tx);
      const appended = await store.appendBatch(appends, tx);
      await snapshotStore.save(tx, snapshots);
      await deliveryStore.insertOutcomes(tx, outcomes);
      return appended;
    });
    session.commit(snapshots);
    if (appends.length > 0) this.deps.appended(lastGlobalPosition);
    this.deps.recorded?.(outcomes);
  }

  /** A change event's notes on the open incidents of its service (none for other deliveries). */
  private async noteChange(
    session: StreamSession,
    integration: IntegrationSettings,
    delivery: QueuedDelivery,
  ): Promise<ChangeOutcome | undefined> {
    const change = changeOf(delivery.handshake);
    if (!change) return undefined;
    const candidates = change.service
      ? await openIncidentsNaming(this.deps.database, change.service)
      : [];
    return this.deps.pipeline.noteChange(session, integration, change, candidates, {
      deliveryId: delivery.id,
      receivedAt: delivery.receivedAt,
    });
  }

  /**
   * A handshake's answer, recorded with its outcome; never rejects. It is not retried: a failure
   * is recorded with its reason and the batch goes on; the vendor's console can ask again, and
   * each new handshake delivery is answered anew.
   */
  private async answer(source: string, handshake: Handshake) {
    let answer: HandshakeAnswer | undefined;
    try {
      answer = await this.deps.answerHandshake?.(source, handshake);
    } catch (error) {
      answer = { error: error instanceof Error ? error.message : String(error) };
    }
    return answer && { action: handshake.action, ...answer };
  }

  /**
   * Deliveries of this batch that are a sender's retry of an earlier accepted one (the same retry
   * key, within the first copy's retry window): delivery → original. The processor is the only
   * one to decide this, in commit order, so copies that reached several api processes at the same
   * instant are told apart like any others.
   */
  private async retriesIn(queued: readonly QueuedDelivery[]) {
    const keyed = queued.flatMap((d) => (d.retryKey ? [{ ...d, retryKey: d.retryKey }] : []));
    const earlier = await deliveryStore.earlierCopies(this.deps.database, keyed);
    const firstInBatch = new Map<string, QueuedDelivery>();
    for (const d of keyed) {
      if (earlier.has(d.id)) continue;
      const first = firstInBatch.get(d.retryKey);
      if (!first) firstInBatch.set(d.retryKey, d);
      else if (first.retryUntil && d.receivedAt <= first.retryUntil) earlier.set(d.id, first.id);
    }
    return earlier;
  }

  private async drain(): Promise<void> {
    try {
      let taken = 0;
      while (this.loop.isRunning) {
        taken = await this.processOnce();
        if (taken < this.options.batchSize) break;
      }
      this.failures = 0;
      this.idlePasses = taken === 0 ? this.idlePasses + 1 : 0;
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        // Someone acted on an incident of this batch meanwhile: decide again at once.
        this.loop.wake();
        return;
      }
      this.failures += 1;
      this.logger.error(
        `alert processing failed (attempt ${this.failures}), retrying with backoff: ${(error as Error).message}`,
      );
    }
  }

  private delayMs(): number {
    const { pollIntervalMs, idlePollMs, maxBackoffMs, standbyRetryMs } = this.options;
    if (this.failures > 0) return Math.min(maxBackoffMs, pollIntervalMs * 2 ** this.failures);
    if (this.deps.lock && !this.deps.lock.isHeld) return standbyRetryMs;
    // Quiet: poll less and less often (a local acceptance still wakes it at once).
    return Math.min(idlePollMs, pollIntervalMs * 2 ** Math.min(this.idlePasses, 10));
  }
}
