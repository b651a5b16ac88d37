import { randomUUID } from 'node:crypto';
import {
  WrongExpectedVersionError,
  type EventMetadata,
  type EventStore,
  type RecordedEvent,
} from '@sitrep/event-store';

export const MAX_CONFLICT_RETRIES = 5;

/** The three functions of a pure decider, for any kind of stream (incidents, response plans). */
export interface StreamDecider<C, E, S> {
  readonly decide: (command: C, state: S) => E[];
  readonly evolve: (state: S, event: E) => S;
  readonly initialState: () => S;
}

type StoredEvent = { readonly type: string; readonly data: object };

export interface StreamOutcome<E> {
  /** The stream's version after the command (unchanged when it decided nothing). */
  version: number;
  events: E[];
  lastGlobalPosition: number | null;
}

export interface StreamRunOptions {
  /** From If-Match: refuse unless the stream is at exactly this version. */
  expectedVersion?: number;
  metadata: EventMetadata;
  /** The error a stale If-Match becomes (each stream kind has its own code). */
  stale: (expected: number, actual: number) => Error;
}

/**
 * The command handler's whole job: read the stream, fold, decide, append with the version it read.
 * A concurrent writer makes the append fail; then it reloads and decides again (bounded), unless
 * the caller pinned a version with If-Match, which is then simply stale.
 */
export async function runStreamCommand<C, E extends StoredEvent, S>(
  store: EventStore,
  streamId: string,
  decider: StreamDecider<C, E, S>,
  /** Called once per attempt, with the folded state and the stored events it came from. */
  command: (state: S, recorded: readonly RecordedEvent[]) => C,
  options: StreamRunOptions,
): Promise<StreamOutcome<E>> {
  for (let attempt = 1; ; attempt++) {
    const recorded = await store.readStream(streamId);
    const version = recorded.length;
    if (options.expectedVersion !== undefined && options.expectedVersion !== version) {
      throw options.stale(options.expectedVersion, version);
    }
    const state = recorded
      .map((e) => ({ type: e.type, data: e.data }) as unknown as E)
      .reduce(decider.evolve, decider.initialState());
    const events = decider.decide(command(state, recorded), state);
    if (events.length === 0) return { version, events, lastGlobalPosition: null };
    try {
      const result = await store.append(
        streamId,
        events.map((e) => ({
          eventId: randomUUID(),
          type: e.type,
          data: e.data as Record<string, unknown>,
          metadata: options.metadata,
        })),
        version === 0 ? 'no-stream' : version,
      );
      return {
        version: result.nextExpectedVersion,
        events,
        lastGlobalPosition: result.lastGlobalPosition,
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      if (options.expectedVersion !== undefined) {
        throw options.stale(options.expectedVersion, error.actual);
      }
      if (attempt >= MAX_CONFLICT_RETRIES) throw error;
    }
  }
}
