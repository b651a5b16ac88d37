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

export interface EventStore {
  append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedVersion,
    tx?: Sql,
  ): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
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
