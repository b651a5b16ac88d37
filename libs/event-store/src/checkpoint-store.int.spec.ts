import { randomUUID } from 'node:crypto';
import type { OpenedDatabase } from '@sitrep/platform';
import { openTestDatabase } from '@sitrep/testing';
import { PostgresCheckpointStore } from './checkpoint-store';
import { eventStoreMigrations } from './event-store.migrations';
import { LOG_START, type LogPosition } from './event-store.types';

describe('PostgresCheckpointStore', () => {
  let db: OpenedDatabase;
  let checkpoints: PostgresCheckpointStore;
  const at = (transactionId: string, globalPosition: number): LogPosition => ({
    transactionId,
    globalPosition,
  });

  beforeAll(async () => {
    db = await openTestDatabase(eventStoreMigrations, 6);
    checkpoints = new PostgresCheckpointStore(db.database);
  });
  afterAll(() => db.dataSource.destroy());

  it('a reader that never stored a position starts at LOG_START', async () => {
    expect(await checkpoints.read(`reader-${randomUUID()}`)).toEqual(LOG_START);
  });

  it('moves from LOG_START once; a second move from LOG_START fails', async () => {
    const name = `reader-${randomUUID()}`;
    expect(await checkpoints.compareAndSet(name, LOG_START, at('750', 10))).toBe(true);
    expect(await checkpoints.compareAndSet(name, LOG_START, at('751', 11))).toBe(false);
    expect(await checkpoints.read(name)).toEqual(at('750', 10));
  });

  it('moves from the stored position, and refuses a stale expected position', async () => {
    const name = `reader-${randomUUID()}`;
    await checkpoints.compareAndSet(name, LOG_START, at('750', 10));
    expect(await checkpoints.compareAndSet(name, at('750', 10), at('9007199254740993', 20))).toBe(
      true,
    );
    expect(await checkpoints.compareAndSet(name, at('750', 10), at('760', 30))).toBe(false);
    expect(await checkpoints.compareAndSet(name, at('750', 20), at('760', 30))).toBe(false);
    expect(await checkpoints.compareAndSet(name, LOG_START, at('760', 30))).toBe(false);
    expect(await checkpoints.read(name)).toEqual(at('9007199254740993', 20));
  });

  it('of two instances moving from the same position, exactly one succeeds', async () => {
    const name = `reader-${randomUUID()}`;
    await checkpoints.compareAndSet(name, LOG_START, at('100', 1));
    const results = await Promise.all(
      [2, 3, 4, 5].map((n) => checkpoints.compareAndSet(name, at('100', 1), at(`10${n}`, n))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = [2, 3, 4, 5][results.indexOf(true)];
    expect(await checkpoints.read(name)).toEqual(at(`10${winner}`, winner));
  });

  it('a move inside a rolled-back transaction is undone', async () => {
    const name = `reader-${randomUUID()}`;
    await db.database
      .transaction(async (tx) => {
        expect(await checkpoints.compareAndSet(name, LOG_START, at('200', 2), tx)).toBe(true);
        throw new Error('projection failed');
      })
      .catch(() => undefined);
    expect(await checkpoints.read(name)).toEqual(LOG_START);
  });

  it('survives re-opening the database', async () => {
    const name = `reader-${randomUUID()}`;
    await checkpoints.compareAndSet(name, LOG_START, at('300', 3));
    const reopened = await openTestDatabase(eventStoreMigrations, 1);
    try {
      expect(await new PostgresCheckpointStore(reopened.database).read(name)).toEqual(at('300', 3));
    } finally {
      await reopened.dataSource.destroy();
    }
  });
});
