import type { OpenedDatabase } from '@sitrep/platform';
import { openTestDatabase } from '@sitrep/testing';
import { WrongExpectedVersionError } from './event-store.errors';
import { anEvent, events, readToEnd, readUntil, sleep, streamId } from './event-store.fixtures';
import { eventStoreMigrations } from './event-store.migrations';
import type { LogPosition, NewEvent, RecordedEvent, StreamAppend } from './event-store.types';
import { PostgresEventStore } from './postgres-event-store';

describe('PostgresEventStore: batches of streams', () => {
  let db: OpenedDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await openTestDatabase(eventStoreMigrations, 12);
    store = new PostgresEventStore(db.database);
  });
  afterAll(() => db.dataSource.destroy());

  async function conflictOf(work: Promise<unknown>): Promise<WrongExpectedVersionError> {
    const error = await work.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    return error as WrongExpectedVersionError;
  }

  /** Where a subscriber starting now would begin: past everything committed so far. */
  async function head(): Promise<LogPosition> {
    return (await readToEnd(store)).checkpoint;
  }

  /** Each stream's event ids, in stream order: what "unchanged" is compared by. */
  async function contentsOf(ids: string[]): Promise<Record<string, string[]>> {
    const contents: Record<string, string[]> = {};
    for (const id of ids) contents[id] = (await store.readStream(id)).map((e) => e.eventId);
    return contents;
  }

  /** Waits until some other session is blocked by the backend `pid` (holds a lock it needs). */
  async function waitUntilBlocking(pid: number, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [{ blocked }] = await db.database.query<{ blocked: number }>(
        'SELECT count(*)::int AS blocked FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))',
        [pid],
      );
      if (blocked > 0) return;
      if (Date.now() > deadline) throw new Error(`nothing became blocked by backend ${pid}`);
      await sleep(10);
    }
  }

  const idsOf = (list: readonly (NewEvent | RecordedEvent)[]) => list.map((e) => e.eventId);

  describe('append and read back', () => {
    it('appends to three streams in one call: consecutive positions per stream, in the given order, in one transaction', async () => {
      const [a, b, c] = [streamId('a'), streamId('b'), streamId('c')];
      const [forA, forB, forC] = [events(3), events(1), events(2)];
      const from = await head();

      const result = await store.appendBatch([
        { streamId: a, events: forA, expected: 'no-stream' },
        { streamId: b, events: forB, expected: 'no-stream' },
        { streamId: c, events: forC, expected: 'no-stream' },
      ]);

      const [readA, readB, readC] = [
        await store.readStream(a),
        await store.readStream(b),
        await store.readStream(c),
      ];
      expect(readA.map((e) => [e.streamId, e.streamPosition, e.eventId])).toEqual([
        [a, 1, forA[0].eventId],
        [a, 2, forA[1].eventId],
        [a, 3, forA[2].eventId],
      ]);
      expect(readB.map((e) => [e.streamId, e.streamPosition, e.eventId])).toEqual([
        [b, 1, forB[0].eventId],
      ]);
      expect(readC.map((e) => [e.streamId, e.streamPosition, e.eventId])).toEqual([
        [c, 1, forC[0].eventId],
        [c, 2, forC[1].eventId],
      ]);
      expect(readA.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);

      // Global positions go stream by stream in stream-id order (a-…, b-…, c-…: the given order).
      const inGivenOrder = [...readA, ...readB, ...readC];
      const globals = inGivenOrder.map((e) => e.globalPosition);
      expect(globals).toEqual([...globals].sort((x, y) => x - y));
      expect(new Set(globals).size).toBe(6);
      expect(result.lastGlobalPosition).toBe(Math.max(...globals));
      expect(result.lastGlobalPosition).toBe(readC[1].globalPosition);

      // One statement, so one transaction.
      const transactionIds = new Set(inGivenOrder.map((e) => e.transactionId));
      expect(transactionIds.size).toBe(1);
      expect([...transactionIds][0]).toMatch(/^[1-9][0-9]*$/);

      // The global log sees all six, in the given order, once each.
      const wanted = new Set(idsOf(inGivenOrder));
      const mine = (read: RecordedEvent[]) => read.filter((e) => wanted.has(e.eventId));
      const logged = mine(await readUntil(store, from, (all) => mine(all).length >= wanted.size));
      expect(idsOf(logged)).toEqual([...idsOf(forA), ...idsOf(forB), ...idsOf(forC)]);
      expect(logged.map((e) => e.transactionId)).toEqual(inGivenOrder.map((e) => e.transactionId));
    });

    it('round-trips data, metadata and schema version (nested objects, arrays, unicode)', async () => {
      const [x, y] = [streamId('x'), streamId('y')];
      const nested = {
        title: 'Zahlungsausfall – 決済停止 🚨',
        quote: 'he said "it\'s down" \\ back\\slash\nnew line\ttab',
        impact: { regions: ['eu-west-1', 'ap-northeast-1'], customers: { count: 1234, vip: true } },
        empty: {},
        nothing: null,
        list: [1, 'two', { three: [3] }, [], null, false, -0.5, 1e21],
        'ключ с пробелами': 'значение',
        combining: 'e\u0301 vs é',
        rtl: 'עברית العربية',
      };
      const rich: NewEvent = {
        ...anEvent('IncidentDeclared', nested),
        schemaVersion: 3,
        metadata: {
          correlationId: 'c-ü-1',
          causationId: 'cause-✓',
          actor: 'Zoë Ødegård',
          source: 'pagerduty',
          trace: { spans: [{ id: 's1', tags: { 'k/é': 'v' } }] },
        },
      };
      const plain = anEvent('Plain', { s: 'the s key', n: 7, d: 'd key', m: 'm key' });

      await store.appendBatch([
        { streamId: x, events: [rich], expected: 'no-stream' },
        { streamId: y, events: [plain], expected: 'any' },
      ]);

      const [storedRich] = await store.readStream(x);
      expect(storedRich).toMatchObject({
        eventId: rich.eventId,
        type: 'IncidentDeclared',
        schemaVersion: 3,
        streamPosition: 1,
      });
      expect(storedRich.data).toEqual(nested);
      expect(storedRich.metadata).toEqual(rich.metadata);
      expect((storedRich.data.list as unknown[])[7]).toBe(1e21);

      const [storedPlain] = await store.readStream(y);
      expect(storedPlain.data).toEqual({ s: 'the s key', n: 7, d: 'd key', m: 'm key' });
      expect(storedPlain.metadata).toEqual({});
      expect(storedPlain.schemaVersion).toBe(1);

      const [fromReadStreams] = await store.readStreams([{ streamId: x, afterPosition: 0 }]);
      expect(fromReadStreams.data).toEqual(nested);
      expect(fromReadStreams.metadata).toEqual(rich.metadata);
    });

    it('skips streams with no events, and a batch with nothing to append writes nothing', async () => {
      const [full, empty, existing] = [streamId(), streamId(), streamId()];
      await store.append(existing, events(2), 'no-stream');

      // The empty entries are not checked either: their versions would not match.
      await store.appendBatch([
        { streamId: empty, events: [], expected: 5 },
        { streamId: full, events: events(2), expected: 'no-stream' },
        { streamId: existing, events: [], expected: 'no-stream' },
      ]);
      expect(await contentsOf([empty])).toEqual({ [empty]: [] });
      expect((await store.readStream(full)).map((e) => e.streamPosition)).toEqual([1, 2]);
      expect(await store.readStream(existing)).toHaveLength(2);

      expect(await store.appendBatch([])).toEqual({ lastGlobalPosition: 0 });
      expect(
        await store.appendBatch([{ streamId: empty, events: [], expected: 'no-stream' }]),
      ).toEqual({ lastGlobalPosition: 0 });
      expect(await store.readStream(empty)).toEqual([]);
    });

    it('appends inside the caller transaction: visible there only, and kept once it commits', async () => {
      const [a, b] = [streamId(), streamId()];
      await db.database.transaction(async (tx) => {
        await store.append(a, events(1), 'no-stream', tx);
        await store.appendBatch(
          [
            { streamId: a, events: events(2), expected: 1 },
            { streamId: b, events: events(1), expected: 'no-stream' },
          ],
          tx,
        );
        expect(
          await tx.query('SELECT stream_position FROM events WHERE stream_id = $1', [a]),
        ).toHaveLength(3);
        expect(await store.readStream(a)).toEqual([]);
        expect(await store.readStream(b)).toEqual([]);
      });
      const [readA, readB] = [await store.readStream(a), await store.readStream(b)];
      expect(readA.map((e) => e.streamPosition)).toEqual([1, 2, 3]);
      expect(readB.map((e) => e.streamPosition)).toEqual([1]);
      expect(new Set([...readA, ...readB].map((e) => e.transactionId)).size).toBe(1);
    });
  });

  describe('expected version', () => {
    it("honours 'no-stream' for a new stream, the exact version of an existing one, and 'any'", async () => {
      const [fresh, atThree, anyNew, anyOld] = [streamId(), streamId(), streamId(), streamId()];
      await store.append(atThree, events(3), 'no-stream');
      await store.append(anyOld, events(4), 'no-stream');

      await store.appendBatch([
        { streamId: fresh, events: events(1), expected: 'no-stream' },
        { streamId: atThree, events: events(2), expected: 3 },
        { streamId: anyNew, events: events(2), expected: 'any' },
        { streamId: anyOld, events: events(1), expected: 'any' },
      ]);

      const positions = async (id: string) =>
        (await store.readStream(id)).map((e) => e.streamPosition);
      expect(await positions(fresh)).toEqual([1]);
      expect(await positions(atThree)).toEqual([1, 2, 3, 4, 5]);
      expect(await positions(anyNew)).toEqual([1, 2]);
      expect(await positions(anyOld)).toEqual([1, 2, 3, 4, 5]);

      // A number of 0 is the same as 'no-stream'.
      const zero = streamId();
      await store.appendBatch([{ streamId: zero, events: events(1), expected: 0 }]);
      expect(await positions(zero)).toEqual([1]);
    });

    it.each([
      ["'no-stream' on a stream that has events", 2, 'no-stream' as const],
      ['a version below the current one', 2, 1],
      ['a version above the current one', 2, 3],
      ['a version on a stream that does not exist', 0, 1],
    ])(
      'a mismatch (%s) on one stream writes nothing for any stream, and names that stream',
      async (_case, existingEvents, expected) => {
        const [first, mismatched, last] = [streamId('first'), streamId('bad'), streamId('last')];
        const existing = streamId('existing');
        await store.append(existing, events(1), 'no-stream');
        if (existingEvents > 0) await store.append(mismatched, events(existingEvents), 'no-stream');
        const before = await contentsOf([first, mismatched, last, existing]);

        const error = await conflictOf(
          store.appendBatch([
            { streamId: first, events: events(2), expected: 'no-stream' },
            { streamId: existing, events: events(1), expected: 1 },
            { streamId: mismatched, events: events(1), expected },
            { streamId: last, events: events(1), expected: 'any' },
          ]),
        );
        expect(error).toMatchObject({ streamId: mismatched, expected, actual: existingEvents });
        expect(error.code).toBe('EVENT_STORE.WRONG_EXPECTED_VERSION');

        expect(await contentsOf([first, mismatched, last, existing])).toEqual(before);
      },
    );

    it('with several mismatched streams, names one of them with its actual version', async () => {
      const [ok, bad1, bad2] = [streamId(), streamId(), streamId()];
      await store.append(bad1, events(2), 'no-stream');
      await store.append(bad2, events(4), 'no-stream');
      const error = await conflictOf(
        store.appendBatch([
          { streamId: ok, events: events(1), expected: 'no-stream' },
          { streamId: bad1, events: events(1), expected: 1 },
          { streamId: bad2, events: events(1), expected: 'no-stream' },
        ]),
      );
      expect([
        { streamId: bad1, expected: 1, actual: 2 },
        { streamId: bad2, expected: 'no-stream', actual: 4 },
      ]).toContainEqual({
        streamId: error.streamId,
        expected: error.expected,
        actual: error.actual,
      });
      expect(await store.readStream(ok)).toEqual([]);
      expect(await store.readStream(bad1)).toHaveLength(2);
      expect(await store.readStream(bad2)).toHaveLength(4);
    });

    it('inside a transaction, a failing batch rolls back the other writes of that transaction', async () => {
      const [earlier, inBatch, mismatched] = [streamId(), streamId(), streamId()];
      await store.append(mismatched, events(1), 'no-stream');
      const before = await contentsOf([earlier, inBatch, mismatched]);

      const outcome = await db.database
        .transaction(async (tx) => {
          await store.append(earlier, events(2), 'no-stream', tx);
          await store.appendBatch(
            [
              { streamId: inBatch, events: events(1), expected: 'no-stream' },
              { streamId: mismatched, events: events(1), expected: 'no-stream' },
            ],
            tx,
          );
          return 'committed';
        })
        .catch((e: unknown) => e);

      expect(outcome).toBeInstanceOf(WrongExpectedVersionError);
      expect(outcome).toMatchObject({ streamId: mismatched, expected: 'no-stream', actual: 1 });
      expect(await contentsOf([earlier, inBatch, mismatched])).toEqual(before);
    });

    it('of two concurrent batches expecting the same version of a shared stream, exactly one wins', async () => {
      for (let round = 0; round < 5; round++) {
        const shared = streamId('shared');
        const [own1, own2] = [streamId('own'), streamId('own')];
        await store.append(shared, events(1), 'no-stream');
        const batches: StreamAppend[][] = [own1, own2].map((own) => [
          { streamId: own, events: events(1), expected: 'no-stream' },
          { streamId: shared, events: events(2), expected: 1 },
        ]);

        const outcomes = await Promise.allSettled(batches.map((b) => store.appendBatch(b)));

        const winners = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []));
        expect(winners).toHaveLength(1);
        const [winner] = winners;
        const loser = 1 - winner;
        const lost = outcomes[loser] as PromiseRejectedResult;
        expect(lost.reason).toBeInstanceOf(WrongExpectedVersionError);
        expect(lost.reason).toMatchObject({ streamId: shared, expected: 1, actual: 3 });

        const stored = await store.readStream(shared);
        expect(stored.map((e) => e.streamPosition)).toEqual([1, 2, 3]);
        expect(idsOf(stored.slice(1))).toEqual(idsOf(batches[winner][1].events));
        expect(idsOf(await store.readStream(batches[winner][0].streamId))).toEqual(
          idsOf(batches[winner][0].events),
        );
        expect(await store.readStream(batches[loser][0].streamId)).toEqual([]);
      }
    });

    it('of concurrent batches sharing two streams given in opposite orders, one wins and the other gets a version conflict', async () => {
      // Large batches widen the window in which each holds the rows of the stream it gave first.
      for (let round = 0; round < 10; round++) {
        const [s1, s2] = [streamId('s1'), streamId('s2')];
        const batches: StreamAppend[][] = [
          [
            { streamId: s1, events: events(2000), expected: 'no-stream' },
            { streamId: s2, events: events(2000), expected: 'no-stream' },
          ],
          [
            { streamId: s2, events: events(2000), expected: 'no-stream' },
            { streamId: s1, events: events(2000), expected: 'no-stream' },
          ],
        ];

        const outcomes = await Promise.allSettled(batches.map((b) => store.appendBatch(b)));

        const winners = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []));
        expect(winners).toHaveLength(1);
        const lost = outcomes[1 - winners[0]] as PromiseRejectedResult;
        expect(lost.reason).toBeInstanceOf(WrongExpectedVersionError);
        expect(lost.reason).toMatchObject({ expected: 'no-stream', actual: 2000 });
        expect([s1, s2]).toContain((lost.reason as WrongExpectedVersionError).streamId);
        const winner = batches[winners[0]];
        for (const { streamId: id, events: appended } of winner) {
          expect(idsOf(await store.readStream(id))).toEqual(idsOf(appended));
        }
      }
    }, 60_000);

    it('a batch that must wait for a transaction holding one of its streams, while that transaction waits for it, gets a version conflict', async () => {
      const [s1, s2] = [streamId('a'), streamId('b')];
      const [firstOfTx, secondOfTx] = [events(1), events(1)];
      let competing: Promise<unknown> = Promise.resolve();

      await db.database.transaction(async (tx) => {
        await store.appendBatch([{ streamId: s1, events: firstOfTx, expected: 'no-stream' }], tx);
        const [{ pid }] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        // The competing batch takes s2's first position, then waits for this transaction's s1.
        competing = store
          .appendBatch([
            { streamId: s2, events: events(1), expected: 'no-stream' },
            { streamId: s1, events: events(1), expected: 'no-stream' },
          ])
          .then(
            () => 'appended',
            (e: unknown) => e,
          );
        await waitUntilBlocking(pid);
        await store.appendBatch([{ streamId: s2, events: secondOfTx, expected: 'no-stream' }], tx);
      });

      const outcome = await competing;
      expect(outcome).toBeInstanceOf(WrongExpectedVersionError);
      expect(outcome).toMatchObject({ expected: 'no-stream', actual: 1 });
      expect([s1, s2]).toContain((outcome as WrongExpectedVersionError).streamId);
      expect(idsOf(await store.readStream(s1))).toEqual(idsOf(firstOfTx));
      expect(idsOf(await store.readStream(s2))).toEqual(idsOf(secondOfTx));
    }, 20_000);

    it("concurrent 'any' batches to one stream: the losers of a race fail whole, none overwrites", async () => {
      const id = streamId();
      const outcomes = await Promise.allSettled(
        Array.from({ length: 6 }, () =>
          store.appendBatch([{ streamId: id, events: events(1), expected: 'any' }]),
        ),
      );
      const landed = outcomes.filter((o) => o.status === 'fulfilled').length;
      expect(landed).toBeGreaterThanOrEqual(1);
      for (const o of outcomes) {
        if (o.status === 'rejected') {
          expect(o.reason).toBeInstanceOf(WrongExpectedVersionError);
          expect(o.reason).toMatchObject({ streamId: id });
        }
      }
      const positions = (await store.readStream(id)).map((e) => e.streamPosition);
      expect(positions).toEqual(Array.from({ length: landed }, (_, i) => i + 1));
    });

    it('rejects a stream that appears twice in one batch, and writes nothing', async () => {
      const [twice, other] = [streamId(), streamId()];
      await expect(
        store.appendBatch([
          { streamId: other, events: events(1), expected: 'no-stream' },
          { streamId: twice, events: events(1), expected: 'no-stream' },
          { streamId: twice, events: events(1), expected: 1 },
        ]),
      ).rejects.toThrow(RangeError);
      await expect(
        store.appendBatch([
          { streamId: twice, events: [], expected: 'any' },
          { streamId: twice, events: events(1), expected: 'any' },
        ]),
      ).rejects.toThrow(new RangeError(`stream ${twice} appears twice in one batch`));
      expect(await contentsOf([twice, other])).toEqual({ [twice]: [], [other]: [] });
    });

    it('rejects a version that is not a non-negative integer, and writes nothing', async () => {
      const [ok, bad] = [streamId(), streamId()];
      for (const expected of [-1, 1.5]) {
        await expect(
          store.appendBatch([
            { streamId: ok, events: events(1), expected: 'no-stream' },
            { streamId: bad, events: events(1), expected },
          ]),
        ).rejects.toThrow(RangeError);
      }
      expect(await contentsOf([ok, bad])).toEqual({ [ok]: [], [bad]: [] });
    });
  });

  describe('readStreams', () => {
    it('returns only the events after each position, by stream then position', async () => {
      const [a, b, c, d] = [streamId('a'), streamId('b'), streamId('c'), streamId('d')];
      const unknown = streamId('e');
      // Interleave the writes, so global order differs from (stream, position) order.
      await store.append(c, events(2), 'no-stream');
      await store.append(a, events(3), 'no-stream');
      await store.append(c, events(2), 2);
      await store.append(b, events(1), 'no-stream');
      await store.append(a, events(1), 3);
      await store.append(d, events(2), 'no-stream');

      const read = await store.readStreams([
        { streamId: c, afterPosition: 1 },
        { streamId: unknown, afterPosition: 0 },
        { streamId: a, afterPosition: 2 },
        { streamId: d, afterPosition: 2 },
        { streamId: b, afterPosition: 0 },
      ]);

      expect(read.map((e) => [e.streamId, e.streamPosition])).toEqual([
        [a, 3],
        [a, 4],
        [b, 1],
        [c, 2],
        [c, 3],
        [c, 4],
      ]);
      const [fullA, fullB, fullC] = [
        await store.readStream(a),
        await store.readStream(b),
        await store.readStream(c),
      ];
      expect(read).toEqual([...fullA.slice(2), ...fullB, ...fullC.slice(1)]);
    });

    it('returns [] for an empty list, and for streams with nothing after the position', async () => {
      const id = streamId();
      await store.append(id, events(2), 'no-stream');
      expect(await store.readStreams([])).toEqual([]);
      expect(await store.readStreams([{ streamId: id, afterPosition: 2 }])).toEqual([]);
      expect(await store.readStreams([{ streamId: streamId(), afterPosition: 0 }])).toEqual([]);
    });

    it('reads back what a batch appended', async () => {
      const [a, b] = [streamId('a'), streamId('b')];
      await store.append(b, events(1), 'no-stream');
      const [forA, forB] = [events(2), events(2)];
      await store.appendBatch([
        { streamId: b, events: forB, expected: 1 },
        { streamId: a, events: forA, expected: 'no-stream' },
      ]);
      const read = await store.readStreams([
        { streamId: b, afterPosition: 1 },
        { streamId: a, afterPosition: 0 },
      ]);
      expect(read.map((e) => [e.streamId, e.streamPosition, e.eventId])).toEqual([
        [a, 1, forA[0].eventId],
        [a, 2, forA[1].eventId],
        [b, 2, forB[0].eventId],
        [b, 3, forB[1].eventId],
      ]);
    });
  });
});
