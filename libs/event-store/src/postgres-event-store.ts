import { isUniqueViolation, type Database, type QueryOptions, type Sql } from '@sitrep/platform';
import { WrongExpectedVersionError } from './event-store.errors';
import { STREAM_POSITION_CONSTRAINT } from './event-store.migrations';
import {
  APPEND_ONE_SQL,
  APPEND_ONE_STATEMENT,
  APPEND_SQL,
  APPEND_BATCH_SQL,
  APPEND_STATEMENT,
  READ_ALL_SQL,
  READ_STREAMS_SQL,
  READ_STREAM_SQL,
  STREAM_VERSION_SQL,
  type EventRow,
} from './event-store.sql';
import type {
  AppendResult,
  EventStore,
  ExpectedVersion,
  LogPosition,
  NewEvent,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  StreamRead,
} from './event-store.types';
import { UpcasterRegistry } from './upcasters';

/** 'any' only loses a race for the next position to another writer; it simply tries again. */
const ANY_VERSION_ATTEMPTS = 5;

interface AppendRow {
  version_before: string | number | bigint;
  last_stream_position: string | number | bigint | null;
  last_global_position: string | number | bigint | null;
}

export class PostgresEventStore implements EventStore {
  constructor(
    private readonly database: Database,
    private readonly upcasters: UpcasterRegistry = new UpcasterRegistry(),
  ) {}

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedVersion,
    tx?: Sql,
  ): Promise<AppendResult> {
    const expectedVersion = toExpectedNumber(expected);
    if (events.length === 0) return this.currentVersion(streamId, tx ?? this.database);
    const sql = tx ?? this.database;
    const [text, params, statement] = appendStatement(streamId, events, expectedVersion);
    for (let attempt = 1; ; attempt++) {
      try {
        const [row] = await sql.query<AppendRow>(text, params, statement);
        if (row.last_stream_position === null) {
          throw new WrongExpectedVersionError(streamId, expected, Number(row.version_before));
        }
        return {
          nextExpectedVersion: Number(row.last_stream_position),
          lastGlobalPosition: Number(row.last_global_position),
        };
      } catch (error) {
        if (!isUniqueViolation(error, STREAM_POSITION_CONSTRAINT)) throw error;
        // A unique violation aborts the caller's transaction, so only autocommit may retry.
        if (expected === 'any' && !tx && attempt < ANY_VERSION_ATTEMPTS) continue;
        // The winner has committed by now (otherwise there would have been no violation).
        const { nextExpectedVersion } = await this.currentVersion(streamId, this.database);
        throw new WrongExpectedVersionError(streamId, expected, nextExpectedVersion);
      }
    }
  }

  async appendBatch(
    appends: readonly StreamAppend[],
    tx?: Sql,
  ): Promise<{ lastGlobalPosition: number }> {
    const streams: { s: string; e: number | null }[] = [];
    const rows: Record<string, unknown>[] = [];
    const seen = new Set<string>();
    for (const { streamId, events, expected } of appends) {
      if (seen.has(streamId)) throw new RangeError(`stream ${streamId} appears twice in one batch`);
      seen.add(streamId);
      if (events.length === 0) continue;
      streams.push({ s: streamId, e: toExpectedNumber(expected) });
      events.forEach((event, index) =>
        rows.push({
          s: streamId,
          n: index + 1,
          i: event.eventId,
          t: event.type,
          v: event.schemaVersion ?? 1,
          d: event.data,
          m: event.metadata ?? {},
        }),
      );
    }
    if (rows.length === 0) return { lastGlobalPosition: 0 };
    const sql = tx ?? this.database;
    try {
      const [row] = await sql.query<{
        appended: number;
        last_global_position: string | null;
        mismatches: [string, string][] | null;
      }>(APPEND_BATCH_SQL, [JSON.stringify(streams), JSON.stringify(rows)]);
      const mismatch = row.mismatches?.[0];
      if (mismatch) {
        const expected = appends.find((a) => a.streamId === mismatch[0])!.expected;
        throw new WrongExpectedVersionError(mismatch[0], expected, Number(mismatch[1]));
      }
      return { lastGlobalPosition: Number(row.last_global_position) };
    } catch (error) {
      if (!isUniqueViolation(error, STREAM_POSITION_CONSTRAINT)) throw error;
      // The stream that lost the race is named in the error's detail only.
      const detail = /=\((.+), (\d+)\) already exists/.exec(
        (error as { detail?: string }).detail ?? '',
      );
      const lost = appends.find((a) => a.streamId === detail?.[1]) ?? appends[0];
      const { nextExpectedVersion } = await this.currentVersion(lost.streamId, this.database);
      throw new WrongExpectedVersionError(lost.streamId, lost.expected, nextExpectedVersion);
    }
  }

  async readStreams(reads: readonly StreamRead[]): Promise<RecordedEvent[]> {
    if (reads.length === 0) return [];
    const rows = await this.database.query<EventRow>(READ_STREAMS_SQL, [
      JSON.stringify(reads.map((r) => ({ s: r.streamId, a: r.afterPosition }))),
    ]);
    return rows.map((row) => this.toRecordedEvent(row));
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const rows = await this.database.query<EventRow>(READ_STREAM_SQL, [
      streamId,
      options.toPosition ?? null,
      options.until ?? null,
    ]);
    return rows.map((row) => this.toRecordedEvent(row));
  }

  async readAll(after: LogPosition, limit: number): Promise<RecordedEvent[]> {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`limit must be a positive integer, got ${limit}`);
    const rows = await this.database.query<EventRow>(READ_ALL_SQL, [
      after.transactionId,
      after.globalPosition,
      limit,
    ]);
    return rows.map((row) => this.toRecordedEvent(row));
  }

  private async currentVersion(streamId: string, sql: Sql): Promise<AppendResult> {
    const [row] = await sql.query<{ version: string; global_position: string }>(
      STREAM_VERSION_SQL,
      [streamId],
    );
    return {
      nextExpectedVersion: Number(row.version),
      lastGlobalPosition: Number(row.global_position),
    };
  }

  private toRecordedEvent(row: EventRow): RecordedEvent {
    const { schemaVersion, data } = this.upcasters.upcast(row.type, row.schema_version, row.data);
    return {
      globalPosition: Number(row.global_position),
      streamId: row.stream_id,
      streamPosition: Number(row.stream_position),
      eventId: row.event_id,
      type: row.type,
      schemaVersion,
      data,
      metadata: row.metadata,
      recordedAt: row.recorded_at,
      transactionId: row.transaction_id,
    };
  }
}

/** 'no-stream' is version 0: no events yet. null means no check. */
function toExpectedNumber(expected: ExpectedVersion): number | null {
  if (expected === 'any') return null;
  if (expected === 'no-stream') return 0;
  if (!Number.isSafeInteger(expected) || expected < 0) {
    throw new RangeError(`expected version must be a non-negative integer, got ${expected}`);
  }
  return expected;
}

/** One event (the usual command) goes through append_event, with scalar parameters. */
function appendStatement(
  streamId: string,
  events: readonly NewEvent[],
  expectedVersion: number | null,
): [string, unknown[], QueryOptions] {
  if (events.length === 1) {
    return [
      APPEND_ONE_SQL,
      [streamId, ...toScalars(events[0]), expectedVersion],
      APPEND_ONE_STATEMENT,
    ];
  }
  return [APPEND_SQL, [streamId, ...toColumns(events), expectedVersion], APPEND_STATEMENT];
}

function toScalars(event: NewEvent): unknown[] {
  return [
    event.eventId,
    event.type,
    event.schemaVersion ?? 1,
    JSON.stringify(event.data),
    JSON.stringify(event.metadata ?? {}),
  ];
}

function toColumns(events: readonly NewEvent[]): unknown[][] {
  return [
    events.map((e) => e.eventId),
    events.map((e) => e.type),
    events.map((e) => e.schemaVersion ?? 1),
    events.map((e) => JSON.stringify(e.data)),
    events.map((e) => JSON.stringify(e.metadata ?? {})),
  ];
}
