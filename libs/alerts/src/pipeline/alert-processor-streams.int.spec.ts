import { randomUUID } from 'node:crypto';
import type { Database } from '@sitrep/platform';
import type { PostgresEventStore, RecordedEvent } from '@sitrep/event-store';
import {
  ALERT_SNAPSHOT_EVERY,
  MAX_JOINS_PER_EVENT,
  alertDecider,
  type AlertEvent,
  type AlertGroupState,
  type AlertState,
} from '../domain';
import { alertGroupStreamId, alertStreamId } from '../alert-streams';
import { aQueuedAlert } from './testing/alert-fixtures';
import { alertProcessorFixtures, ids } from './testing/alert-processor.int-fixtures';

/** What the processor appends to an alert's and a group's streams: repeats folded, snapshots. */
describe('the alert processor against real PostgreSQL', () => {
  const { world, processor, integration, accepted, enqueue, alertsOf } = alertProcessorFixtures();
  let db: Database;
  let store: PostgresEventStore;
  beforeAll(() => {
    ({ db, store } = world);
  });
  const alert = aQueuedAlert;

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
});
