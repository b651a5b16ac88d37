import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { alertStreamId } from '../alert-streams';
import { aQueuedAlert } from './testing/alert-fixtures';
import { alertProcessorFixtures } from './testing/alert-processor.int-fixtures';

/** A delivery sent again: the same integration, path, query and bytes, within the window. */
describe('the alert processor against real PostgreSQL', () => {
  const {
    appended,
    processor,
    integration,
    accepted,
    enqueue,
    outcomeOf,
    alertsOf,
    typesOf,
    eventCount,
  } = alertProcessorFixtures();
  const alert = aQueuedAlert;

  describe('retries (the same delivery sent again to the same integration)', () => {
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
        outcome: { retryOf: original.id, reason: 'the sender sent this delivery again' },
      });
      expect(await alertsOf(original)).toEqual([expect.objectContaining({ decision: 'opened' })]);
      // The same bytes sent to another integration are no retry.
      expect(await alertsOf(elsewhere)).toEqual([expect.objectContaining({ decision: 'opened' })]);
      const stream = alertStreamId(i.integrationId, 'HighErrorRate');
      expect(await typesOf(stream)).toEqual(['AlertFired']);

      const later = accepted(i, [alert()], { body, offsetSeconds: 1800 });
      await enqueue(later);
      const events = await eventCount();
      const reported = appended.length;
      expect(await processor().processOnce()).toBe(1);
      expect(await outcomeOf(later)).toEqual({
        status: 'retry',
        outcome: { retryOf: original.id, reason: 'the sender sent this delivery again' },
      });
      expect(await eventCount()).toBe(events);
      expect(appended).toHaveLength(reported);
    });

    it('are not retries any more once the retry window of the source has passed', async () => {
      const i = await integration();
      const body = JSON.stringify({ same: randomUUID() });
      const original = accepted(i, [alert()], { body, retryWindowMs: 600_000 });
      const tenMinutesLater = accepted(i, [alert()], { body, offsetSeconds: 601 });
      await enqueue(original, tenMinutesLater);
      expect(await processor().processOnce()).toBe(2);
      const [opening] = await alertsOf(original);
      expect((await outcomeOf(tenMinutesLater)).status).toBe('processed');
      // A PagerDuty trigger re-sent 10 minutes on: the alert was never resolved, so it counts
      // onto the same incident instead of being ignored.
      expect(await alertsOf(tenMinutesLater)).toEqual([
        expect.objectContaining({ decision: 'deduplicated', incidentId: opening.incidentId }),
      ]);
    });

    it('are not retries when the path differs (Opsgenie closes of two aliases, one body)', async () => {
      const i = await integration({ source: 'opsgenie' });
      const body = JSON.stringify({ source: 'Alertmanager', note: 'resolved' });
      const firstClose = accepted(i, [alert({ dedupKey: 'alias-a' })], {
        body,
        path: '/v2/alerts/alias-a/close',
      });
      const secondClose = accepted(i, [alert({ dedupKey: 'alias-b', service: 'billing' })], {
        body,
        path: '/v2/alerts/alias-b/close',
        offsetSeconds: 1,
      });
      await enqueue(firstClose, secondClose);
      expect(await processor().processOnce()).toBe(2);
      expect((await outcomeOf(firstClose)).status).toBe('processed');
      expect(await outcomeOf(secondClose)).toEqual({
        status: 'processed',
        outcome: { alerts: [expect.objectContaining({ dedupKey: 'alias-b' })] },
      });
    });

    it('are told apart once when two processors race over the copies (a stale one after a failover)', async () => {
      const i = await integration();
      const body = JSON.stringify({ same: randomUUID() });
      const copies = [0, 0, 1, 1].map((offsetSeconds) =>
        accepted(i, [alert({ dedupKey: 'Raced' })], { body, offsetSeconds }),
      );
      await enqueue(...copies);
      const [p1, p2] = [processor(), processor()];
      const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      try {
        await Promise.allSettled([p1.processOnce(), p2.processOnce()]);
        while ((await p1.processOnce()) > 0);
      } finally {
        logged.mockRestore();
      }
      const outcomes = await Promise.all(copies.map(outcomeOf));
      expect(outcomes.map((o) => o.status)).toEqual(['processed', 'retry', 'retry', 'retry']);
      expect(outcomes.slice(1).map((o) => o.outcome.retryOf)).toEqual(Array(3).fill(copies[0].id));
    });
  });
});
