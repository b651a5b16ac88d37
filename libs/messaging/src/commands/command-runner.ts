import { Inject, Injectable, Optional } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { foldEvents } from '@sitrep/domain';
import { CLOCK, type Clock } from '@sitrep/platform';
import {
  EVENT_STORE,
  newEvent,
  WrongExpectedVersionError,
  type EventMetadata,
  type EventStore,
  type RecordedEvent,
} from '@sitrep/event-store';
import { setTimeout as sleep } from 'node:timers/promises';
import { EventsAppended } from '../events-appended';
import { metadataOf, type CommandContext } from './command-context';
import {
  CONFLICT_RETRY_POLICY,
  conflictBackoffMs,
  StreamContendedError,
  type ConflictRetryPolicy,
} from './conflict-retry';
import type { StreamKind } from './stream-kind';
import { StreamTurns } from './stream-turns';

/**
 * The domain command, from the request's time (read once per request, so a retry decides the
 * same way) and the stream as it stands: its state, and the stored events (for event ids).
 */
export type BuildCommand<Command, State> = (
  now: string,
  state: State,
  recorded: readonly RecordedEvent[],
) => Command;

export interface CommandResult<Event> {
  /** The id the command was run for, as the API speaks it. */
  id: string;
  /** The stream's version after the command (unchanged when it decided nothing). */
  version: number;
  events: Event[];
  lastGlobalPosition: number | null;
}

export interface LoadedStream<State> {
  state: State;
  recorded: readonly RecordedEvent[];
  version: number;
}

type StoredEvent = { readonly type: string; readonly data: object };

/** Overrides CONFLICT_RETRY_POLICY (tests that must exhaust it quickly). */
export const CONFLICT_RETRY = Symbol('sitrep.conflict-retry-policy');

/**
 * The one write path for commands, whatever the stream kind and whoever asks (HTTP handlers,
 * timers, reactors): read the stream, fold, decide, append with the version read. Commands on one
 * stream take turns in this process; a writer elsewhere makes the append fail, and then it reads
 * and decides again (ConflictRetryPolicy bounds both waits, then StreamContendedError), unless the
 * caller pinned a version with If-Match, which is then simply stale. After the commit it wakes the
 * local readers of the log (EventsAppended); it never publishes anywhere else.
 */
@Injectable()
export class CommandRunner {
  private readonly turns = new StreamTurns((streamId) => new StreamContendedError(streamId, 0));

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly eventBus: EventBus,
    @Optional()
    @Inject(CONFLICT_RETRY)
    private readonly retry: ConflictRetryPolicy = CONFLICT_RETRY_POLICY,
  ) {}

  run<C, E extends StoredEvent, S>(
    kind: StreamKind<C, E, S>,
    id: string,
    build: BuildCommand<C, S>,
    context: CommandContext,
  ): Promise<CommandResult<E>> {
    const now = this.clock.now().toISOString();
    return this.turns.take(kind.streamId(id), this.retry.turnWaitMs, () =>
      this.decideAndAppend(kind, id, build, context, now),
    );
  }

  private async decideAndAppend<C, E extends StoredEvent, S>(
    kind: StreamKind<C, E, S>,
    id: string,
    build: BuildCommand<C, S>,
    context: CommandContext,
    now: string,
  ): Promise<CommandResult<E>> {
    const { expectedVersion } = context;
    let firstConflictAt: number | undefined;
    for (let attempt = 1; ; attempt++) {
      const { state, recorded, version } = await this.load(kind, id);
      if (expectedVersion !== undefined && expectedVersion !== version) {
        throw kind.versionMismatch(id, expectedVersion, version);
      }
      const events = kind.decider.decide(build(now, state, recorded), state);
      if (events.length === 0) return { id, version, events, lastGlobalPosition: null };
      try {
        const appended = await this.append(kind.streamId(id), events, version, metadataOf(context));
        return { id, events, ...appended };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (expectedVersion !== undefined) {
          throw kind.versionMismatch(id, expectedVersion, error.actual);
        }
        firstConflictAt ??= performance.now();
        await this.backOff(kind.streamId(id), attempt, firstConflictAt);
      }
    }
  }

  /** The stream as it stands, for a handler that must look before it builds its command. */
  async load<C, E, S>(kind: StreamKind<C, E, S>, id: string): Promise<LoadedStream<S>> {
    const recorded = await this.store.readStream(kind.streamId(id));
    const events = recorded.map((e) => ({ type: e.type, data: e.data }) as unknown as E);
    return { state: foldEvents(kind.decider, events), recorded, version: recorded.length };
  }

  /** Waits before the next attempt, or gives up once the wait would end past the budget. */
  private async backOff(streamId: string, attempt: number, firstConflictAt: number) {
    const delay = conflictBackoffMs(attempt, this.retry);
    if (performance.now() + delay - firstConflictAt > this.retry.budgetMs) {
      throw new StreamContendedError(streamId, attempt);
    }
    if (delay > 0) await sleep(delay);
  }

  private async append(
    streamId: string,
    events: readonly StoredEvent[],
    version: number,
    metadata: EventMetadata,
  ) {
    const result = await this.store.append(
      streamId,
      events.map((e) => newEvent(e, metadata)),
      version === 0 ? 'no-stream' : version,
    );
    this.eventBus.publish(new EventsAppended(result.lastGlobalPosition));
    return { version: result.nextExpectedVersion, lastGlobalPosition: result.lastGlobalPosition };
  }
}
