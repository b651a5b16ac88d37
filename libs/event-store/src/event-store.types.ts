import type { Sql } from '@sitrep/platform';

/** `'no-stream'`: the stream must not exist; a number: it must be at exactly that version; `'any'`: no check. */
export type ExpectedVersion = number | 'no-stream' | 'any';

export interface EventMetadata {
  correlationId?: string;
  causationId?: string;
  actor?: string;
  source?: string;
  [key: string]: unknown;
}

export interface NewEvent {
  eventId: string;
  type: string;
  /** Defaults to 1. */
  schemaVersion?: number;
  data: Record<string, unknown>;
  metadata?: EventMetadata;
}

export interface RecordedEvent {
  globalPosition: number;
  streamId: string;
  streamPosition: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  recordedAt: Date;
  /** The writing transaction's id (xid8), as a decimal string. */
  transactionId: string;
}

export interface AppendResult {
  /** The stream's version after the append: the position of its last event. */
  nextExpectedVersion: number;
  lastGlobalPosition: number;
}

/** A point in the global log, in commit order: (writing transaction, global position). */
export interface LogPosition {
  transactionId: string;
  globalPosition: number;
}

export const LOG_START: LogPosition = { transactionId: '0', globalPosition: 0 };

export interface ReadStreamOptions {
  /** Only events at or below this stream position. */
  toPosition?: number;
  /** Only events recorded at or before this time. */
  until?: Date;
}

/** One stream's share of a batch append: its events and the version it must be at. */
export interface StreamAppend {
  streamId: string;
  events: readonly NewEvent[];
  expected: ExpectedVersion;
}

/** A stream to read from just after `afterPosition` (0: from its start). */
export interface StreamRead {
  streamId: string;
  afterPosition: number;
}

export interface EventStore {
  append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedVersion,
    tx?: Sql,
  ): Promise<AppendResult>;
  /**
   * Appends to many streams in one statement: all or nothing. Every stream is checked against its
   * expected version (one entry per stream); the first that does not match fails the whole batch
   * with WrongExpectedVersionError, and inside `tx` the caller's transaction must then roll back.
   * Events are stored stream by stream (in stream-id order), each stream's in the order given.
   * 'any' is not retried here: a batch that loses a race for a position fails like a stale one.
   */
  appendBatch(appends: readonly StreamAppend[], tx?: Sql): Promise<{ lastGlobalPosition: number }>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The events of many streams after the given positions, by stream then position. */
  readStreams(reads: readonly StreamRead[]): Promise<RecordedEvent[]>;
  /** Events committed after `after`, in commit order, never past an still-open transaction. */
  readAll(after: LogPosition, limit: number): Promise<RecordedEvent[]>;
}

/** Turns the stored shape of (type, schemaVersion) into the next schema version's shape. */
export interface Upcaster {
  type: string;
  fromVersion: number;
  upcast(data: Record<string, unknown>): Record<string, unknown>;
}

export const EVENT_STORE = Symbol('sitrep.event-store');
