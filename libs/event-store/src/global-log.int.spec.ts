import type { OpenedDatabase } from '@sitrep/platform';
import { openTestDatabase } from '@sitrep/testing';
import {
  deferred,
  events,
  positionOf,
  readToEnd,
  readUntil,
  sleep,
  streamId,
} from './event-store.fixtures';
import { eventStoreMigrations } from './event-store.migrations';
import { LOG_START, type LogPosition, type RecordedEvent } from './event-store.types';
import { PostgresEventStore } from './postgres-event-store';

describe('PostgresEventStore: the global log', () => {
  let db: OpenedDatabase;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await openTestDatabase(eventStoreMigrations, 24);
    store = new PostgresEventStore(db.database);
  });
  afterAll(() => db.dataSource.destroy());

  /** Where a subscriber starting now would begin: past everything committed so far. */
  async function head(): Promise<LogPosition> {
    return (await readToEnd(store)).checkpoint;
  }

  function isInCommitOrder(read: RecordedEvent[]): boolean {
    return read.every((e, i) => {
      if (i === 0) return true;
      const previous = read[i - 1];
      const [a, b] = [BigInt(previous.transactionId), BigInt(e.transactionId)];
      return a < b || (a === b && previous.globalPosition < e.globalPosition);
    });
  }

  it('20 writers on their own streams: every event is stored once, without gaps, and read back once in order', async () => {
    const writers = Array.from({ length: 20 }, () => streamId('writer'));
    const written = new Set<string>();
    await Promise.all(
      writers.map(async (id) => {
        let version = 0;
        for (let batch = 0; batch < 25; batch++) {
          const appended = events(1 + (batch % 3));
          appended.forEach((e) => written.add(e.eventId));
          version = (await store.append(id, appended, version === 0 ? 'no-stream' : version))
            .nextExpectedVersion;
        }
      }),
    );

    for (const id of writers) {
      const stream = await store.readStream(id);
      expect(stream.map((e) => e.streamPosition)).toEqual(
        Array.from({ length: 49 }, (_, i) => i + 1),
      );
    }
    const mine = (read: RecordedEvent[]) => read.filter((e) => written.has(e.eventId));
    const read = mine(await readUntil(store, LOG_START, (all) => mine(all).length >= written.size));
    expect(read).toHaveLength(written.size);
    expect(new Set(read.map((e) => e.eventId)).size).toBe(written.size);
    expect(isInCommitOrder(read)).toBe(true);
  });

  it('does not return an event committed behind a transaction that is still open, and returns both once it commits', async () => {
    const from = await head();
    const [slowStream, fastStream] = [streamId('slow'), streamId('fast')];
    const appendedInTransaction = deferred();
    const commit = deferred();
    let slowTransactionId = '';
    const slow = db.database.transaction(async (tx) => {
      await store.append(slowStream, events(1), 'no-stream', tx);
      [{ id: slowTransactionId }] = await tx.query<{ id: string }>(
        'SELECT pg_current_xact_id()::text AS id',
      );
      appendedInTransaction.resolve();
      await commit.promise;
    });
    await appendedInTransaction.promise;
    await store.append(fastStream, events(1), 'no-stream');
    expect(await store.readStream(fastStream)).toHaveLength(1); // committed and visible to everyone

    const whileOpen = (await readToEnd(store, from)).events;
    expect(whileOpen.filter((e) => e.streamId === fastStream || e.streamId === slowStream)).toEqual(
      [],
    );
    expect(whileOpen.every((e) => BigInt(e.transactionId) < BigInt(slowTransactionId))).toBe(true);

    commit.resolve();
    await slow;
    const ours = (all: RecordedEvent[]) =>
      all.filter((e) => e.streamId === slowStream || e.streamId === fastStream);
    const afterCommit = ours(await readUntil(store, from, (all) => ours(all).length >= 2));
    expect(afterCommit.map((e) => e.streamId)).toEqual([slowStream, fastStream]);
    expect(afterCommit[0].transactionId).toBe(slowTransactionId);
  });

  it('a polling reader that moves its checkpoint misses nothing while writers commit out of order', async () => {
    const from = await head();
    const written = new Set<string>();
    let writing = true;
    const seen: RecordedEvent[] = [];
    const reader = (async () => {
      let checkpoint = from;
      const mine = () => seen.filter((e) => written.has(e.eventId)).length;
      const deadline = () => Date.now() + 15_000;
      let stopAt = Infinity;
      while (writing || (mine() < written.size && Date.now() < stopAt)) {
        if (!writing && stopAt === Infinity) stopAt = deadline();
        const page = await store.readAll(checkpoint, 7);
        seen.push(...page);
        if (page.length > 0) checkpoint = positionOf(page[page.length - 1]);
        else await sleep(2);
      }
    })();

    const slowWriter = async (w: number) => {
      for (let i = 0; i < 8; i++) {
        await db.database.transaction(async (tx) => {
          const appended = events(2);
          await store.append(streamId(`slow${w}`), appended, 'no-stream', tx);
          await sleep(5 + ((i * 7 + w * 13) % 30));
          appended.forEach((e) => written.add(e.eventId));
        });
      }
    };
    const fastWriter = async () => {
      for (let i = 0; i < 40; i++) {
        const appended = events(1);
        await store.append(streamId('fast'), appended, 'no-stream');
        appended.forEach((e) => written.add(e.eventId));
      }
    };
    await Promise.all([slowWriter(1), slowWriter(2), slowWriter(3), fastWriter(), fastWriter()]);
    writing = false;
    await reader;

    const mine = seen.filter((e) => written.has(e.eventId));
    expect(written.size).toBe(3 * 8 * 2 + 2 * 40);
    expect(mine).toHaveLength(written.size);
    expect(new Set(mine.map((e) => e.eventId)).size).toBe(written.size);
    expect(isInCommitOrder(seen)).toBe(true);
  });

  it('orders transactions by number, not as text (xid 99 before xid 100)', async () => {
    const id = streamId();
    const ROLLBACK = new Error('leave no rows with made-up transaction ids behind');
    const read = await db.database
      .transaction(async (tx) => {
        await tx.query(
          `INSERT INTO events (stream_id, stream_position, event_id, type, data, transaction_id)
           VALUES ($1, 1, gen_random_uuid(), 'A', '{}', '100'), ($1, 2, gen_random_uuid(), 'B', '{}', '99')`,
          [id],
        );
        const inTransaction = new PostgresEventStore({
          query: (text, params) => tx.query(text, params),
          transaction: (work) => work(tx),
          maxConnections: 1,
        });
        const result = (await readToEnd(inTransaction)).events.filter((e) => e.streamId === id);
        throw Object.assign(ROLLBACK, { result });
      })
      .catch((e: { result?: RecordedEvent[] }) => e.result ?? []);
    expect(read.map((e) => [e.transactionId, e.type])).toEqual([
      ['99', 'B'],
      ['100', 'A'],
    ]);
  });

  it('pages never repeat or skip: reading in pages of 1 equals reading in one page', async () => {
    const from = await head();
    const id = streamId();
    await store.append(id, events(5), 'no-stream');
    const inOnePage = (
      await readUntil(store, from, (all) =>
        all.some((e) => e.streamId === id && e.streamPosition === 5),
      )
    ).filter((e) => e.streamId === id);
    const inPagesOfOne: RecordedEvent[] = [];
    let checkpoint = from;
    for (
      let page = await store.readAll(checkpoint, 1);
      page.length > 0;
      page = await store.readAll(checkpoint, 1)
    ) {
      inPagesOfOne.push(...page.filter((e) => e.streamId === id));
      checkpoint = positionOf(page[0]);
    }
    expect(inOnePage.map((e) => e.streamPosition)).toEqual([1, 2, 3, 4, 5]);
    expect(inPagesOfOne).toEqual(inOnePage);
  });
});
