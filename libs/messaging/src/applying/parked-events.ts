import type { Sql } from '@sitrep/platform';
import type { RecordedEvent } from '@sitrep/event-store';

export interface ParkedEvent {
  id: number;
  projection: string;
  eventId: string;
  globalPosition: number | null;
  streamId: string | null;
  streamPosition: number | null;
  type: string;
  /** The whole RecordedEvent as it was delivered (or `{ raw }` for an unreadable message). */
  payload: Record<string, unknown>;
  error: string;
  attempts: number;
  /** Set when the event itself was fine but an earlier event of its stream is parked. */
  blockedBy: string | null;
  firstFailedAt: Date;
  parkedAt: Date;
}

export interface Parking {
  error: string;
  attempts: number;
  firstFailedAt: Date;
  blockedBy?: string | null;
}

interface ParkedRow {
  id: string;
  projection: string;
  event_id: string;
  global_position: string | null;
  stream_id: string | null;
  stream_position: number | null;
  type: string;
  payload: Record<string, unknown>;
  error: string;
  attempts: number;
  blocked_by: string | null;
  first_failed_at: Date;
  parked_at: Date;
}

const PARK_SQL = `
INSERT INTO parked_events (projection, event_id, global_position, stream_id, stream_position, type,
                           payload, error, attempts, blocked_by, first_failed_at)
VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11)
ON CONFLICT (projection, event_id) DO UPDATE
  SET error = excluded.error, attempts = parked_events.attempts + excluded.attempts,
      blocked_by = excluded.blocked_by, parked_at = now()`;

/** Parks an event inside the caller's transaction (the one that also moves the bookkeeping). */
export async function parkEvent(
  tx: Sql,
  projection: string,
  event: RecordedEvent,
  parking: Parking,
): Promise<void> {
  await tx.query(PARK_SQL, [
    projection,
    event.eventId,
    event.globalPosition,
    event.streamId,
    event.streamPosition,
    event.type,
    JSON.stringify(event),
    parking.error,
    parking.attempts,
    parking.blockedBy ?? null,
    parking.firstFailedAt,
  ]);
}

/** Parks a transport message that could not even be read as an event. */
export async function parkUnreadable(
  tx: Sql,
  projection: string,
  id: string,
  raw: string,
  error: string,
): Promise<void> {
  await tx.query(PARK_SQL, [
    projection,
    id,
    null,
    null,
    null,
    '<unreadable>',
    JSON.stringify({ raw }),
    error,
    1,
    null,
    new Date(),
  ]);
}

/**
 * For the streams of `events`: the earliest parked event of each that has one. Later events of
 * such a stream are parked behind it, because a row remembers only its last applied position and
 * would otherwise ignore the parked event when it is retried. FOR SHARE waits for a retry in flight.
 */
export async function blockedStreams(
  tx: Sql,
  projection: string,
  events: readonly RecordedEvent[],
): Promise<Map<string, string>> {
  const blocked = new Map<string, string>();
  if (events.length === 0) return blocked;
  const streams = [...new Set(events.map((e) => e.streamId))];
  const rows = await tx.query<{ stream_id: string; event_id: string }>(
    `SELECT stream_id, event_id FROM parked_events
      WHERE projection = $1 AND stream_id = ANY($2::text[])
      ORDER BY stream_id, stream_position FOR SHARE`,
    [projection, streams],
  );
  for (const row of rows) if (!blocked.has(row.stream_id)) blocked.set(row.stream_id, row.event_id);
  return blocked;
}

/** Reads what is parked, for the admin API and the metrics. */
export class ParkedEvents {
  constructor(private readonly database: Sql) {}

  async list(projection?: string, limit = 500): Promise<ParkedEvent[]> {
    const rows = await this.database.query<ParkedRow>(
      `SELECT * FROM parked_events WHERE ($1::text IS NULL OR projection = $1)
        ORDER BY projection, global_position NULLS LAST, id LIMIT $2`,
      [projection ?? null, limit],
    );
    return rows.map(toParkedEvent);
  }

  async get(tx: Sql, projection: string, eventId: string): Promise<ParkedEvent | null> {
    const [row] = await tx.query<ParkedRow>(
      `SELECT * FROM parked_events WHERE projection = $1 AND event_id = $2`,
      [projection, eventId],
    );
    return row ? toParkedEvent(row) : null;
  }

  /** Parked events by projection (projections with none are absent). */
  async count(): Promise<Record<string, number>> {
    const rows = await this.database.query<{ projection: string; n: number }>(
      `SELECT projection, count(*)::int AS n FROM parked_events GROUP BY projection`,
    );
    return Object.fromEntries(rows.map((r) => [r.projection, r.n]));
  }

  /** The parked events of one stream from `eventId`'s stream, in stream order, locked for a retry. */
  async lockStream(tx: Sql, projection: string, streamId: string): Promise<ParkedEvent[]> {
    const rows = await tx.query<ParkedRow>(
      `SELECT * FROM parked_events WHERE projection = $1 AND stream_id = $2
        ORDER BY stream_position FOR UPDATE`,
      [projection, streamId],
    );
    return rows.map(toParkedEvent);
  }
}

export type ParkedEventsReader = Pick<ParkedEvents, 'list' | 'count'>;

export function toParkedEvent(row: ParkedRow): ParkedEvent {
  return {
    id: Number(row.id),
    projection: row.projection,
    eventId: row.event_id,
    globalPosition: row.global_position === null ? null : Number(row.global_position),
    streamId: row.stream_id,
    streamPosition: row.stream_position,
    type: row.type,
    payload: row.payload,
    error: row.error,
    attempts: row.attempts,
    blockedBy: row.blocked_by,
    firstFailedAt: row.first_failed_at,
    parkedAt: row.parked_at,
  };
}

/** The parked payload back as the event that was delivered. */
export function parkedAsEvent(parked: ParkedEvent): RecordedEvent {
  const event = parked.payload as unknown as RecordedEvent & { recordedAt: string | Date };
  return { ...event, recordedAt: new Date(event.recordedAt) };
}
