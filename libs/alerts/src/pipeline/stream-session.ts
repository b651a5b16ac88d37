import {
  newEvent,
  type EventMetadata,
  type EventStore,
  type RecordedEvent,
  type StreamAppend,
  type StreamSnapshot,
} from '@sitrep/event-store';
import type { Decider } from '@sitrep/domain';
import type { StreamOptions } from '../domain';

/**
 * A stream kind as the session runs it: the kind's one Decider value, with the options it gives
 * a batch beside it (see StreamOptions). The incident's decider comes as it is.
 */
export type SessionStream<C, E, S> = Decider<C, E, S> & StreamOptions<E, S>;

/** Where a session finds the snapshots of a schema (snapshotStore.read, on the database). */
export type SnapshotReader = (
  schema: string,
  streamIds: readonly string[],
) => Promise<Map<string, StreamSnapshot>>;

type Event = { type: string; data: object };
/** A stream's state at `version`; `snapshotVersion`: the version of its newest stored snapshot. */
type Known = { state: unknown; version: number; snapshotVersion: number };
type Staged = {
  /** The stream's version as read: what this session's appends expect. */
  baseVersion: number;
  snapshotVersion: number;
  snapshot: StreamOptions<never, unknown>['snapshot'];
  state: unknown;
  events: { event: Event; metadata: EventMetadata }[];
};

/**
 * Folded states of streams, by stream id, least recently used first out. Only the session's
 * commit writes here, and only what its transaction committed.
 */
export class StreamStates {
  private readonly entries = new Map<string, Known>();

  constructor(private readonly capacity: number) {}

  get(streamId: string): Known | undefined {
    const known = this.entries.get(streamId);
    if (known) {
      this.entries.delete(streamId);
      this.entries.set(streamId, known);
    }
    return known;
  }

  set(streamId: string, known: Known): void {
    this.entries.delete(streamId);
    this.entries.set(streamId, known);
    if (this.entries.size <= this.capacity) return;
    // A tenth at a time: deleting the first key after every insert is quadratic in V8 (the
    // iterator walks the holes earlier deletes left until the table is rehashed).
    let excess = this.entries.size - Math.floor(this.capacity * 0.9);
    for (const key of this.entries.keys()) {
      if (excess-- <= 0) break;
      this.entries.delete(key);
    }
  }

  delete(streamId: string): void {
    this.entries.delete(streamId);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * A unit of work over many streams: reads (in bulk where it can), decides in memory, and stages
 * every event for one batch append. Nothing is written until the caller appends `appends()` in
 * its transaction; `commit()` then makes the new states the remembered ones. A session whose
 * transaction failed is simply dropped.
 */
export class StreamSession {
  private readonly staged = new Map<string, Staged>();

  constructor(
    private readonly store: EventStore,
    private readonly remembered: StreamStates,
    private readonly snapshots: SnapshotReader = async () => new Map(),
  ) {}

  /**
   * Loads these streams in one read (two with snapshots): the ones not remembered, from their
   * snapshot if they have one, and those others write too brought up to date.
   */
  async load<C, E extends Event, S>(
    streamIds: Iterable<string>,
    decider: SessionStream<C, E, S>,
  ): Promise<void> {
    const bases = new Map<string, Known>();
    const unknown: string[] = [];
    for (const streamId of new Set(streamIds)) {
      if (this.staged.has(streamId)) continue;
      const known = this.remembered.get(streamId);
      if (known && decider.soleWriter) this.stage(streamId, known, decider);
      else if (known) bases.set(streamId, known);
      else unknown.push(streamId);
    }
    const snapshots = decider.snapshot
      ? await this.snapshots(decider.snapshot.schema, unknown)
      : new Map<string, StreamSnapshot>();
    for (const streamId of unknown) {
      const snapshot = snapshots.get(streamId);
      bases.set(
        streamId,
        snapshot
          ? { state: snapshot.state, version: snapshot.version, snapshotVersion: snapshot.version }
          : { state: decider.initialState(), version: 0, snapshotVersion: 0 },
      );
    }
    const reads = [...bases].map(([streamId, base]) => ({
      streamId,
      afterPosition: base.version,
    }));
    if (reads.length === 0) return;
    const byStream = groupByStream(await this.store.readStreams(reads));
    for (const [streamId, base] of bases) {
      const recorded = byStream.get(streamId) ?? [];
      const staged = this.stage(streamId, base, decider);
      for (const e of recorded) evolveStaged(staged, decider, { type: e.type, data: e.data } as E);
      staged.baseVersion += recorded.length;
    }
  }

  async state<C, E extends Event, S>(
    streamId: string,
    decider: SessionStream<C, E, S>,
  ): Promise<S> {
    if (!this.staged.has(streamId)) await this.load([streamId], decider);
    return this.staged.get(streamId)!.state as S;
  }

  /** Decides on the stream as this session sees it and stages the events. */
  async run<C, E extends Event, S>(
    streamId: string,
    decider: SessionStream<C, E, S>,
    command: (state: S) => C,
    metadata: EventMetadata,
  ): Promise<{ events: E[]; state: S }> {
    const before: S = await this.state(streamId, decider);
    const events = decider.decide(command(before), before);
    const staged = this.staged.get(streamId)!;
    for (const event of events) {
      evolveStaged(staged, decider, event);
      const last = staged.events[staged.events.length - 1];
      const merged = last && decider.coalesce?.(last.event as E, event);
      if (merged) staged.events[staged.events.length - 1] = { event: merged, metadata };
      else staged.events.push({ event, metadata });
    }
    return { events, state: staged.state as S };
  }

  appends(): StreamAppend[] {
    return [...this.staged]
      .filter(([, s]) => s.events.length > 0)
      .map(([streamId, s]) => ({
        streamId,
        expected: s.baseVersion === 0 ? 'no-stream' : s.baseVersion,
        events: s.events.map(({ event, metadata }) => newEvent(event, metadata)),
      }));
  }

  /**
   * The snapshots due with `appends()`, for the same transaction: of streams whose decider takes
   * them, once enough events were appended since the last. `commit()` then counts them as stored.
   */
  snapshotsDue(): StreamSnapshot[] {
    const due: StreamSnapshot[] = [];
    for (const [streamId, s] of this.staged) {
      const version = s.baseVersion + s.events.length;
      if (!s.snapshot || s.events.length === 0) continue;
      if (version - s.snapshotVersion < s.snapshot.every) continue;
      due.push({ streamId, schema: s.snapshot.schema, version, state: s.state });
    }
    return due;
  }

  /** After the transaction holding `appends()` (and `snapshotsDue()`) committed. */
  commit(saved: readonly StreamSnapshot[] = []): void {
    const savedAt = new Map(saved.map((snapshot) => [snapshot.streamId, snapshot.version]));
    for (const [streamId, s] of this.staged) {
      this.remembered.set(streamId, {
        state: s.state,
        version: s.baseVersion + s.events.length,
        snapshotVersion: savedAt.get(streamId) ?? s.snapshotVersion,
      });
    }
  }

  private stage<C, E, S>(streamId: string, base: Known, decider: SessionStream<C, E, S>): Staged {
    // A state changed in place is this session's until commit: a dropped session forgets it.
    if (decider.applyInPlace) this.remembered.delete(streamId);
    const staged: Staged = {
      baseVersion: base.version,
      snapshotVersion: base.snapshotVersion,
      snapshot: decider.snapshot,
      state: base.state,
      events: [],
    };
    this.staged.set(streamId, staged);
    return staged;
  }
}

/** The staged state after `event`: changed in place where the decider can. */
function evolveStaged<C, E, S>(staged: Staged, decider: SessionStream<C, E, S>, event: E): void {
  if (decider.applyInPlace) decider.applyInPlace(staged.state as S, event);
  else staged.state = decider.evolve(staged.state as S, event);
}

function groupByStream(events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const byStream = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    const list = byStream.get(event.streamId);
    if (list) list.push(event);
    else byStream.set(event.streamId, [event]);
  }
  return byStream;
}
