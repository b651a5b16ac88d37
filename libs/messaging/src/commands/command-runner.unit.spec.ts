import type { EventBus } from '@nestjs/cqrs';
import type { Decider } from '@sitrep/domain';
import { systemClock } from '@sitrep/platform';
import {
  WrongExpectedVersionError,
  type EventStore,
  type RecordedEvent,
} from '@sitrep/event-store';
import { CommandRunner } from './command-runner';
import {
  conflictBackoffMs,
  StreamContendedError,
  type ConflictRetryPolicy,
} from './conflict-retry';
import type { StreamKind } from './stream-kind';

type Note = { type: 'NoteAdded'; data: { text: string } };

const notes: StreamKind<string, Note, number> = {
  decider: {
    decide: (text) => [{ type: 'NoteAdded', data: { text } }],
    evolve: (count) => count + 1,
    initialState: () => 0,
  } satisfies Decider<string, Note, number>,
  streamId: (id) => `note-${id}`,
  versionMismatch: (id, expected, actual) => new Error(`${id}: ${expected} ≠ ${actual}`),
};

/** A stream someone else always writes to first: every append conflicts. */
function alwaysContended(): EventStore & { appends: number } {
  const store = {
    appends: 0,
    readStream: async (): Promise<RecordedEvent[]> => [],
    append: async (streamId: string) => {
      store.appends += 1;
      throw new WrongExpectedVersionError(streamId, 'no-stream', store.appends);
    },
  };
  return store as unknown as EventStore & { appends: number };
}

const eventBus = { publish: () => undefined } as unknown as EventBus;
const policy: ConflictRetryPolicy = {
  budgetMs: 150,
  baseDelayMs: 2,
  maxDelayMs: 20,
  turnWaitMs: 1_000,
};

describe('the command runner on a stream that never stops changing', () => {
  it('keeps deciding again for its time budget, then gives up with CONCURRENCY.CONTENDED', async () => {
    const store = alwaysContended();
    const runner = new CommandRunner(store, systemClock, eventBus, policy);
    const started = performance.now();

    const outcome = await runner.run(notes, 'n1', () => 'hello', { actor: 't' }).catch((e) => e);

    const elapsed = performance.now() - started;
    expect(outcome).toBeInstanceOf(StreamContendedError);
    expect(outcome).toMatchObject({ code: 'CONCURRENCY.CONTENDED', retryAfterSeconds: 1 });
    // It gives up when the next wait would end past the budget: not before, and not long after.
    expect(store.appends).toBeGreaterThan(1);
    expect(elapsed).toBeGreaterThanOrEqual(policy.budgetMs - policy.maxDelayMs);
    expect(elapsed).toBeLessThan(policy.budgetMs + 250);
  });

  it('with If-Match, a conflict is the kind’s stale-version error at once', async () => {
    const store = alwaysContended();
    const runner = new CommandRunner(store, systemClock, eventBus, policy);

    const outcome = runner.run(notes, 'n2', () => 'hello', { actor: 't', expectedVersion: 0 });

    await expect(outcome).rejects.toThrow('n2: 0 ≠ 1');
    expect(store.appends).toBe(1);
  });
});

describe('the wait between attempts', () => {
  const base: ConflictRetryPolicy = { ...policy, baseDelayMs: 2, maxDelayMs: 50 };

  it('doubles its cap with each retry, up to the maximum', () => {
    const caps = [1, 2, 3, 4, 5, 6, 7, 30].map((retry) => conflictBackoffMs(retry, base, () => 1));
    expect(caps).toEqual([2, 4, 8, 16, 32, 50, 50, 50]);
  });

  it('is a random point below the cap, so the losers of a race spread out', () => {
    expect(conflictBackoffMs(4, base, () => 0)).toBe(0);
    expect(conflictBackoffMs(4, base, () => 0.5)).toBe(8);
  });
});
