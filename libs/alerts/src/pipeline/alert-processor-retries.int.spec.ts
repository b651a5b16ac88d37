import { randomUUID } from 'node:crypto';
import { RETRY_WINDOW_MS } from './alert-processor';
import { alertStreamId } from '../alert-streams';
import { aQueuedAlert } from './testing/alert-fixtures';
import { alertProcessorFixtures } from './testing/alert-processor.int-fixtures';

/** Identical bytes sent again to the same integration. */
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
});
