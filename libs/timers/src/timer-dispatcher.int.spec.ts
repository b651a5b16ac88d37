import { randomUUID } from 'node:crypto';
import { ManualClock, type OpenedDatabase } from '@sitrep/platform';
import { openTestDatabase } from '@sitrep/testing';
import { TimerDispatcher, type TimerHandler } from './timer-dispatcher';
import { TimerStore } from './timer-store';
import { timerMigrations } from './timers.migrations';

describe('durable timers', () => {
  let opened: OpenedDatabase;
  const store = new TimerStore();
  const start = new Date('2026-11-27T09:00:00.000Z');
  const minutes = (n: number) => n * 60_000;

  beforeAll(async () => {
    opened = await openTestDatabase(timerMigrations);
  });
  afterAll(() => opened.dataSource.destroy());

  /** A fresh timer kind per test, so tests sharing the table do not fire each other's timers. */
  function setUp(handler?: TimerHandler) {
    const kind = `test-${randomUUID()}`;
    const clock = new ManualClock(start);
    const fired: string[] = [];
    const handle: TimerHandler = handler ?? (async (t) => void fired.push(t.key));
    const dispatcher = () => new TimerDispatcher(opened.database, clock, new Map([[kind, handle]]));
    return { kind, clock, fired, dispatcher };
  }

  async function schedule(kind: string, key: string, dueAt: Date) {
    await store.schedule(opened.database, { key, kind, dueAt, payload: { note: key } });
  }

  const tickOnly = async (d: TimerDispatcher) => {
    await d.tick();
  };

  it('does not fire before the due time, fires once when it comes, and never again', async () => {
    const { kind, clock, fired, dispatcher } = setUp();
    const key = `huddle-due:${randomUUID()}`;
    await schedule(kind, key, new Date(start.getTime() + minutes(30)));
    const d = dispatcher();
    clock.advance(minutes(29));
    await tickOnly(d);
    expect(fired).toEqual([]);
    clock.advance(minutes(1));
    await tickOnly(d);
    await tickOnly(d);
    expect(fired).toEqual([key]);
  });

  it('fires (late) after a restart when it came due while the process was down', async () => {
    const { kind, clock, fired, dispatcher } = setUp();
    const key = `k:${randomUUID()}`;
    await schedule(kind, key, new Date(start.getTime() + minutes(30)));
    await tickOnly(dispatcher());
    clock.advance(minutes(45));
    await tickOnly(dispatcher());
    expect(fired).toEqual([key]);
  });

  it('scheduling the same key twice keeps one timer; a fired timer is not re-armed', async () => {
    const { kind, clock, fired, dispatcher } = setUp();
    const key = `k:${randomUUID()}`;
    await schedule(kind, key, new Date(start.getTime() + minutes(5)));
    await schedule(kind, key, new Date(start.getTime() + minutes(10)));
    clock.advance(minutes(10));
    await tickOnly(dispatcher());
    await schedule(kind, key, new Date(start.getTime() + minutes(20)));
    clock.advance(minutes(20));
    await tickOnly(dispatcher());
    expect(fired).toEqual([key]);
  });

  it('a cancelled timer does not fire, even if scheduled again by a replay', async () => {
    const { kind, clock, fired, dispatcher } = setUp();
    const key = `k:${randomUUID()}`;
    await schedule(kind, key, new Date(start.getTime() + minutes(5)));
    await store.cancel(opened.database, key);
    await schedule(kind, key, new Date(start.getTime() + minutes(5)));
    clock.advance(minutes(6));
    await tickOnly(dispatcher());
    expect(fired).toEqual([]);
  });

  it('two dispatchers ticking at once fire each timer once', async () => {
    const { kind, clock, fired, dispatcher } = setUp();
    const keys = Array.from({ length: 20 }, () => `k:${randomUUID()}`);
    for (const key of keys) await schedule(kind, key, start);
    clock.advance(1);
    await Promise.all([tickOnly(dispatcher()), tickOnly(dispatcher())]);
    expect([...fired].sort()).toEqual([...keys].sort());
  });

  it('a failing handler is retried with backoff and its error is kept', async () => {
    let failures = 1;
    const fired: string[] = [];
    const { kind, clock, dispatcher } = setUp(async (t) => {
      if (failures-- > 0) throw new Error('pager service down');
      fired.push(t.key);
    });
    const key = `k:${randomUUID()}`;
    await schedule(kind, key, start);
    const d = dispatcher();
    await tickOnly(d);
    const [row] = await opened.database.query<{ last_error: string; attempts: number }>(
      'SELECT last_error, attempts FROM timers WHERE key = $1',
      [key],
    );
    expect(row).toEqual({ last_error: 'pager service down', attempts: 1 });
    await tickOnly(d);
    expect(fired).toEqual([]);
    clock.advance(2_000);
    await tickOnly(d);
    expect(fired).toEqual([key]);
  });
});
