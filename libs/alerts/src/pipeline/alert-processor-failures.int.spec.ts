import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Database } from '@sitrep/platform';
import { WrongExpectedVersionError, type PostgresEventStore } from '@sitrep/event-store';
import { incidentStreamId, incidentStreams, type IncidentCommand } from '@sitrep/incident';
import type { CommandRunner } from '@sitrep/messaging';
import type { AlertPipelineService } from './alert-pipeline.service';
import { alertStreamId } from '../alert-streams';
import { aQueuedAlert } from './testing/alert-fixtures';
import { alertProcessorFixtures } from './testing/alert-processor.int-fixtures';

/** What a batch does when a write races it, a delivery throws, or alerts break the contract. */
describe('the alert processor against real PostgreSQL', () => {
  const {
    world,
    appended,
    processor,
    integration,
    accepted,
    checkpoint,
    enqueue,
    outcomesOf,
    outcomeOf,
    alertsOf,
    typesOf,
    footprintOf,
    positionOf,
  } = alertProcessorFixtures();
  let db: Database;
  let store: PostgresEventStore;
  let pipeline: AlertPipelineService;
  let incidents: CommandRunner;
  beforeAll(() => {
    ({ db, store, pipeline, incidents } = world);
  });
  const alert = aQueuedAlert;

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
    it('is recorded as failed at once while the rest of its batch is processed', async () => {
      const good = await integration();
      const broken = await integration({ responsePlanId: randomUUID() });
      const before = accepted(good, [alert({ dedupKey: 'Before' })]);
      const failing = accepted(broken, [alert()]);
      const after = accepted(good, [alert({ dedupKey: 'After', service: 'billing' })]);
      await enqueue(before, failing, after);
      const p = processor();
      const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);

      expect(await p.processOnce()).toBe(3);

      expect(logged).toHaveBeenCalledWith(
        expect.stringContaining(`delivery ${failing.id} is recorded as failed`),
      );
      logged.mockRestore();
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

    it('holds up no other integration: its alerts are processed without waiting for a backoff', async () => {
      const other = await integration();
      const broken = await integration({ responsePlanId: randomUUID() });
      const poisoned = Array.from({ length: 5 }, (_, n) =>
        accepted(broken, [alert({ dedupKey: `Poisoned ${n}` })]),
      );
      const goods = Array.from({ length: 3 }, (_, n) =>
        accepted(other, [alert({ dedupKey: `Good ${n}`, service: `service-${n}` })]),
      );
      // Good, poisoned, good, poisoned, …: every batch has a delivery at fault in it.
      const records = goods.flatMap((g, n) => [g, ...poisoned.slice(n * 2, n * 2 + 2)]);
      await enqueue(...records);
      const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      // A backoff long enough to tell: its first retry alone would wait 2 s.
      const p = processor({ pollIntervalMs: 1_000, idlePollMs: 1_000, maxBackoffMs: 60_000 });
      const started = Date.now();
      p.start();
      try {
        while ((await outcomesOf(records)).size < records.length && Date.now() - started < 8_000) {
          await new Promise((r) => setTimeout(r, 20));
        }
      } finally {
        await p.stop();
        logged.mockRestore();
      }
      const tookMs = Date.now() - started;

      const outcomes = await outcomesOf(records);
      expect(goods.map((g) => outcomes.get(g.id)?.status)).toEqual(Array(3).fill('processed'));
      expect(poisoned.map((d) => outcomes.get(d.id))).toEqual(
        Array(5).fill({
          status: 'failed',
          outcome: { error: `Response plan ${broken.responsePlanId} does not exist` },
        }),
      );
      // Retrying the batch with backoff took at least 2 s + 4 s before the poisoned were failed.
      expect(tookMs).toBeLessThan(4_000);
    });
  });

  describe('when the database is away', () => {
    it('records nothing as failed, and processes the batch once it is back', async () => {
      const good = await integration();
      const first = accepted(good, [alert({ dedupKey: 'Outage 1' })]);
      const second = accepted(good, [alert({ dedupKey: 'Outage 2', service: 'billing' })]);
      await enqueue(first, second);
      const from = await checkpoint();
      let outages = 2;
      const flaky = {
        prepare: (...args: Parameters<AlertPipelineService['prepare']>) =>
          pipeline.prepare(...args),
        ingest: async (...args: Parameters<AlertPipelineService['ingest']>) => {
          if (outages > 0) {
            outages -= 1;
            throw Object.assign(new Error('terminating connection due to administrator command'), {
              code: '57P01',
            });
          }
          return pipeline.ingest(...args);
        },
      } as unknown as AlertPipelineService;
      const p = processor({}, flaky);

      await expect(p.processOnce()).rejects.toThrow('terminating connection');
      expect(await outcomesOf([first, second])).toEqual(new Map());
      expect(await checkpoint()).toEqual(from);
      await expect(p.processOnce()).rejects.toThrow('terminating connection');
      expect(await outcomesOf([first, second])).toEqual(new Map());

      expect(await p.processOnce()).toBe(2);
      expect(await alertsOf(first)).toEqual([expect.objectContaining({ decision: 'opened' })]);
      expect(await alertsOf(second)).toEqual([expect.objectContaining({ decision: 'opened' })]);
    });
  });

  describe('a delivery queued with a service of only whitespace (before the intake trimmed it)', () => {
    it('opens an incident with no service', async () => {
      const i = await integration({ openAs: 'declared' });
      const blank = accepted(i, [alert({ dedupKey: 'Blank service', service: '   ' })]);
      await enqueue(blank);
      expect(await processor().processOnce()).toBe(1);
      expect(await outcomeOf(blank)).toEqual(expect.objectContaining({ status: 'processed' }));
      const [opened] = await alertsOf(blank);
      expect(opened).toEqual(expect.objectContaining({ decision: 'opened' }));
      const [declared] = await store.readStream(incidentStreamId(opened.incidentId!));
      expect(declared.data).toEqual(expect.objectContaining({ services: [] }));
    });
  });

  describe('a delivery whose alerts break the normalized contract', () => {
    it('is recorded as failed at once, and the deliveries around it are processed', async () => {
      const good = await integration();
      const before = accepted(good, [alert({ dedupKey: 'Before contract' })]);
      // As an intake without the contract check let through: no dedup key, a severity that is not one.
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
});
