import { randomUUID } from 'node:crypto';
import type { Database } from '@sitrep/platform';
import { deliveryStore } from '../intake/webhook-delivery.store';
import { aQueuedAlert } from './testing/alert-fixtures';
import { alertProcessorFixtures } from './testing/alert-processor.int-fixtures';

/** What the processor takes from the queue, in which order, and how often. */
describe('the alert processor against real PostgreSQL', () => {
  const {
    world,
    appended,
    processor,
    integration,
    accepted,
    checkpoint,
    queued,
    enqueue,
    outcomesOf,
    outcomeOf,
    alertsOf,
    eventCount,
    lastGlobalPosition,
    positionOf,
  } = alertProcessorFixtures();
  let db: Database;
  beforeAll(() => {
    ({ db } = world);
  });
  const alert = aQueuedAlert;

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
});
