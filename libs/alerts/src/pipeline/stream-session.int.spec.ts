import { randomUUID } from 'node:crypto';
import type { Database } from '@sitrep/platform';
import {
  snapshotStore,
  WrongExpectedVersionError,
  type EventMetadata,
  type PostgresEventStore,
} from '@sitrep/event-store';
import {
  StreamSession,
  StreamStates,
  type SessionStream,
  type SnapshotReader,
} from './stream-session';
import { alertProcessorFixtures } from './testing/alert-processor.int-fixtures';

/** The session through which the processor reads, decides on and appends to streams. */
describe('the alert processor against real PostgreSQL', () => {
  const { world } = alertProcessorFixtures();
  let db: Database;
  let store: PostgresEventStore;
  beforeAll(() => {
    ({ db, store } = world);
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
});
