import type { OpenedDatabase } from '@sitrep/platform';
import { openTestDatabase } from '@sitrep/testing';
import { WrongExpectedVersionError } from './event-store.errors';
import { anEvent, events, sleep, streamId } from './event-store.fixtures';
import { eventStoreMigrations } from './event-store.migrations';
import { PostgresEventStore } from './postgres-event-store';
import { UpcasterRegistry } from './upcasters';

describe('PostgresEventStore: streams', () => {
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

  describe('append and read back', () => {
    it('returns what was appended, with positions, metadata, schema version and recorded time', async () => {
      const id = streamId('incident');
      const before = Date.now();
      const declared = {
        ...anEvent('IncidentDeclared', { title: 'Checkout down', tags: ['eu', 'web'] }),
        schemaVersion: 2,
        metadata: { correlationId: 'c-1', actor: 'alice', source: 'pagerduty' },
      };
      const acknowledged = anEvent('IncidentAcknowledged', { by: 'bob' });
      const result = await store.append(id, [declared, acknowledged], 'no-stream');
      const read = await store.readStream(id);

      expect(result.nextExpectedVersion).toBe(2);
      expect(result.lastGlobalPosition).toBe(read[1].globalPosition);
      expect(
        read.map((e) => [e.streamId, e.streamPosition, e.eventId, e.type, e.schemaVersion]),
      ).toEqual([
        [id, 1, declared.eventId, 'IncidentDeclared', 2],
        [id, 2, acknowledged.eventId, 'IncidentAcknowledged', 1],
      ]);
      expect(read[0].data).toEqual({ title: 'Checkout down', tags: ['eu', 'web'] });
      expect(read[0].metadata).toEqual({
        correlationId: 'c-1',
        actor: 'alice',
        source: 'pagerduty',
      });
      expect(read[1].metadata).toEqual({});
      expect(read[0].globalPosition).toBeLessThan(read[1].globalPosition);
      expect(read[0].transactionId).toBe(read[1].transactionId);
      expect(read[0].transactionId).toMatch(/^[1-9][0-9]*$/);
      expect(read[0].recordedAt).toBeInstanceOf(Date);
      expect(read[0].recordedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(read[0].recordedAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    });

    it('reads a stream up to a position, or up to a time', async () => {
      const id = streamId();
      await store.append(id, events(2), 'no-stream');
      await sleep(30);
      await store.append(id, events(1), 2);
      await sleep(30);
      await store.append(id, events(2), 3);
      const all = await store.readStream(id);

      expect(all.map((e) => e.streamPosition)).toEqual([1, 2, 3, 4, 5]);
      expect((await store.readStream(id, { toPosition: 3 })).map((e) => e.streamPosition)).toEqual([
        1, 2, 3,
      ]);
      const untilThird = await store.readStream(id, { until: all[2].recordedAt });
      expect(untilThird.map((e) => e.streamPosition)).toEqual([1, 2, 3]);
      const untilBeforeAnything = await store.readStream(id, {
        until: new Date(all[0].recordedAt.getTime() - 1),
      });
      expect(untilBeforeAnything).toEqual([]);
    });

    it('reads an unknown stream as empty', async () => {
      expect(await store.readStream(streamId())).toEqual([]);
    });

    it('upcasts stored events on read, and reports the upcasted schema version', async () => {
      const upcasting = new PostgresEventStore(
        db.database,
        new UpcasterRegistry([
          { type: 'Renamed', fromVersion: 1, upcast: ({ name }) => ({ title: name }) },
          { type: 'Renamed', fromVersion: 2, upcast: (data) => ({ ...data, locale: 'en' }) },
        ]),
      );
      const id = streamId();
      await store.append(id, [anEvent('Renamed', { name: 'Old shape' })], 'no-stream');

      const [event] = await upcasting.readStream(id);
      expect(event.schemaVersion).toBe(3);
      expect(event.data).toEqual({ title: 'Old shape', locale: 'en' });
      expect((await store.readStream(id))[0].data).toEqual({ name: 'Old shape' });
    });

    it('appends inside the caller transaction, and a rollback leaves nothing', async () => {
      const id = streamId();
      await db.database
        .transaction(async (tx) => {
          await store.append(id, events(2), 'no-stream', tx);
          expect(await tx.query('SELECT 1 FROM events WHERE stream_id = $1', [id])).toHaveLength(2);
          throw new Error('roll back');
        })
        .catch(() => undefined);
      expect(await store.readStream(id)).toEqual([]);
    });

    it('an empty append changes nothing and returns the current version', async () => {
      const id = streamId();
      const appended = await store.append(id, events(3), 'no-stream');
      expect(await store.append(id, [], 3)).toEqual(appended);
      expect(await store.append(streamId(), [], 'no-stream')).toEqual({
        nextExpectedVersion: 0,
        lastGlobalPosition: 0,
      });
      expect(await store.readStream(id)).toHaveLength(3);
    });
  });

  describe('expected version', () => {
    it("'no-stream' fails once the stream has events", async () => {
      const id = streamId();
      await store.append(id, events(2), 'no-stream');
      const error = await conflictOf(store.append(id, events(1), 'no-stream'));
      expect(error).toMatchObject({ streamId: id, expected: 'no-stream', actual: 2 });
      expect(error.code).toBe('EVENT_STORE.WRONG_EXPECTED_VERSION');
    });

    it('a version below the current one fails with the actual version', async () => {
      const id = streamId();
      await store.append(id, events(3), 'no-stream');
      expect(await conflictOf(store.append(id, events(1), 2))).toMatchObject({
        expected: 2,
        actual: 3,
      });
    });

    it('a version above the current one fails with the actual version', async () => {
      const id = streamId();
      await store.append(id, events(3), 'no-stream');
      expect(await conflictOf(store.append(id, events(1), 5))).toMatchObject({
        expected: 5,
        actual: 3,
      });
      expect(await conflictOf(store.append(streamId(), events(1), 1))).toMatchObject({
        expected: 1,
        actual: 0,
      });
      expect(await store.readStream(id)).toHaveLength(3);
    });

    it('the exact version appends after the last event', async () => {
      const id = streamId();
      await store.append(id, events(3), 0);
      expect((await store.append(id, events(2), 3)).nextExpectedVersion).toBe(5);
    });

    it("'any' appends whatever the version", async () => {
      const id = streamId();
      expect((await store.append(id, events(1), 'any')).nextExpectedVersion).toBe(1);
      expect((await store.append(id, events(2), 'any')).nextExpectedVersion).toBe(3);
      expect((await store.readStream(id)).map((e) => e.streamPosition)).toEqual([1, 2, 3]);
    });

    it('of concurrent appends at the same version exactly one wins, and the stream holds only its events', async () => {
      const id = streamId();
      await store.append(id, events(1), 'no-stream');
      const batches = Array.from({ length: 10 }, () => events(2));
      const outcomes = await Promise.allSettled(batches.map((batch) => store.append(id, batch, 1)));

      const winners = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []));
      expect(winners).toHaveLength(1);
      for (const o of outcomes) {
        if (o.status === 'rejected')
          expect(o.reason).toMatchObject({ name: 'WrongExpectedVersionError', actual: 3 });
      }
      const stored = await store.readStream(id);
      expect(stored.slice(1).map((e) => e.eventId)).toEqual(
        batches[winners[0]].map((e) => e.eventId),
      );
      expect(stored.map((e) => e.streamPosition)).toEqual([1, 2, 3]);
    });

    it("concurrent 'any' appends to one stream all land, in distinct positions", async () => {
      const id = streamId();
      await Promise.all(Array.from({ length: 4 }, () => store.append(id, events(1), 'any')));
      expect((await store.readStream(id)).map((e) => e.streamPosition)).toEqual([1, 2, 3, 4]);
    });

    it('rejects a version that is not a non-negative integer', async () => {
      await expect(store.append(streamId(), events(1), -1)).rejects.toThrow(RangeError);
      await expect(store.append(streamId(), events(1), 1.5)).rejects.toThrow(RangeError);
    });
  });

  describe('one event (append_event, scalar parameters)', () => {
    it('stores the event with its metadata and schema version, after the last one', async () => {
      const id = streamId();
      await store.append(id, events(2), 'no-stream');
      const event = { ...anEvent('Single', { a: 'b"c' }), metadata: { m: 1 }, schemaVersion: 2 };
      const appended = await store.append(id, [event], 2);
      expect(appended.nextExpectedVersion).toBe(3);
      const stored = (await store.readStream(id))[2];
      expect(stored).toMatchObject({
        eventId: event.eventId,
        type: 'Single',
        streamPosition: 3,
        globalPosition: appended.lastGlobalPosition,
        schemaVersion: 2,
        data: { a: 'b"c' },
        metadata: { m: 1 },
      });
    });

    it('of concurrent single-event appends at the same version exactly one wins', async () => {
      const id = streamId();
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, () => store.append(id, events(1), 'no-stream')),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const o of outcomes) {
        if (o.status === 'rejected')
          expect(o.reason).toMatchObject({ name: 'WrongExpectedVersionError', actual: 1 });
      }
      expect(await store.readStream(id)).toHaveLength(1);
    });

    it('appends inside the caller transaction, and a rollback leaves nothing', async () => {
      const id = streamId();
      await db.database
        .transaction(async (tx) => {
          await store.append(id, events(1), 'no-stream', tx);
          expect((await store.append(id, events(1), 1, tx)).nextExpectedVersion).toBe(2);
          throw new Error('roll back');
        })
        .catch(() => undefined);
      expect(await store.readStream(id)).toEqual([]);
    });
  });

  describe('history is immutable', () => {
    const ROLLBACK = new Error('always roll back');

    /** Attempts `statement` in a transaction that is rolled back either way, so a broken guard cannot wipe the shared log. */
    async function attempt(statement: string, params: unknown[] = []): Promise<unknown> {
      let outcome: unknown = 'succeeded';
      await db.database
        .transaction(async (tx) => {
          await tx.query(statement, params).catch((e: unknown) => (outcome = e));
          throw ROLLBACK;
        })
        .catch((e: unknown) => {
          if (e !== ROLLBACK) throw e;
        });
      return outcome;
    }

    it.each([
      ['UPDATE', `UPDATE events SET data = '{"tampered":true}' WHERE stream_id = $1`],
      ['DELETE', `DELETE FROM events WHERE stream_id = $1`],
    ])('%s of an event raises', async (operation, statement) => {
      const id = streamId();
      await store.append(id, events(1), 'no-stream');
      const outcome = await attempt(statement, [id]);
      expect(outcome).toMatchObject({
        message: `events are append-only: ${operation} on events is not allowed`,
      });
      expect((await store.readStream(id))[0].data).toEqual({ n: 1 });
    });

    it('TRUNCATE raises', async () => {
      await store.append(streamId(), events(1), 'no-stream');
      const outcome = await attempt('TRUNCATE events');
      expect(outcome).toMatchObject({
        message: 'events are append-only: TRUNCATE on events is not allowed',
      });
    });
  });
});
