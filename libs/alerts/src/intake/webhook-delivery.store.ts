import { storableJson, type Database, type Sql } from '@sitrep/platform';
import type { LogPosition } from '@sitrep/event-store';
import type { Handshake } from '../alert-source';
import type { QueuedAlert } from '../normalized-alert';

/** What the intake made of a delivery: accepted (queued for the processor) or refused, and why. */
export type DeliveryStatus =
  | 'accepted'
  | 'disabled'
  | 'unauthenticated'
  | 'rate-limited'
  | 'invalid'
  /* Deliveries stored before the processing queue existed can also hold these. */
  | 'received'
  | 'duplicate'
  | 'failed';

/** What the processor made of an accepted delivery. */
export type ProcessingStatus = 'processed' | 'retry' | 'failed';

/** The answer a delivery got. */
export interface StoredAnswer {
  status: number;
  body: unknown;
}

/** One delivery as the intake records it, once, with its verdict: nothing updates it later. */
export interface DeliveryRecord {
  id: string;
  integrationId: string;
  source: string;
  receivedAt: Date;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: Buffer;
  bodySha256: string;
  authResult: string;
  status: DeliveryStatus;
  /** The answer given (accepted), or the refusal (code, message, details). */
  outcome: unknown;
  /** The mapped alerts of an accepted delivery: the processor's input. */
  alerts: QueuedAlert[] | null;
  completedAt: Date;
  /** What its copies share (retryKeyOf); absent on deliveries stored before there was one. */
  retryKey?: string;
  /** Until when a copy of it is the sender retrying (its source's retry window). */
  retryUntil?: Date;
}

export interface DeliveryProcessing {
  status: ProcessingStatus;
  outcome: unknown;
  processedAt: Date;
}

export interface StoredDelivery extends Omit<DeliveryRecord, 'alerts'> {
  processing?: DeliveryProcessing;
}

/** An accepted delivery waiting for the processor, at its place in the queue. */
export interface QueuedDelivery {
  id: string;
  integrationId: string;
  source: string;
  receivedAt: Date;
  /** Null on deliveries stored before retries were told by this key: such are never retries. */
  retryKey: string | null;
  retryUntil: Date | null;
  alerts: QueuedAlert[];
  /** A protocol message to answer after acceptance (kept in the intake's outcome). */
  handshake: Handshake | null;
  position: LogPosition;
}

export interface NewOutcome extends DeliveryProcessing {
  deliveryId: string;
}

// Rows travel as one jsonb document (bodies base64): parsed by the server in one go, where
// array parameters would be escaped element by element in JavaScript.
const INSERT_MANY_SQL = `
INSERT INTO webhook_deliveries (id, integration_id, source, received_at, path, query, headers,
  body, body_sha256, auth_result, status, outcome, alerts, completed_at, retry_key, retry_until)
SELECT id, integration_id, source, received_at, path, query, headers, decode(body, 'base64'),
  body_sha256, auth_result, status, outcome, alerts, completed_at, retry_key, retry_until
FROM jsonb_to_recordset($1::jsonb) AS d(id uuid, integration_id uuid, source text,
  received_at timestamptz, path text, query jsonb, headers jsonb, body text, body_sha256 text,
  auth_result text, status text, outcome jsonb, alerts jsonb, completed_at timestamptz,
  retry_key text, retry_until timestamptz)`;

// ORDER BY names the table's columns: the text alias would sort xid 10000 before 9999 and
// could not follow the index (it sorted every pending row).
const QUEUE_SQL = `
SELECT id, integration_id, source, received_at, retry_key, retry_until, alerts,
  outcome->'handshake' AS handshake, seq, tx::text AS tx
FROM webhook_deliveries
WHERE status = 'accepted' AND (tx, seq) > ($1::xid8, $2::bigint)
  AND tx < pg_snapshot_xmin(pg_current_snapshot())
ORDER BY webhook_deliveries.tx, webhook_deliveries.seq
LIMIT $3`;

// The copy of the same delivery (same retry key) that was processed (the others were retries of
// it), whose retry window the delivery arrived in; only deliveries the processor has passed have
// an outcome. LATERAL keeps it one index probe per delivery whatever the planner guesses.
const EARLIER_COPIES_SQL = `
SELECT b.id, c.id AS original_id
FROM jsonb_to_recordset($1::jsonb) AS b(id uuid, retry_key text, received_at timestamptz)
CROSS JOIN LATERAL (
  SELECT d.id FROM webhook_deliveries d
  JOIN webhook_delivery_outcomes o ON o.delivery_id = d.id AND o.status = 'processed'
  WHERE d.retry_key = b.retry_key AND d.status = 'accepted' AND d.retry_until >= b.received_at
  ORDER BY d.tx, d.seq LIMIT 1) c`;

const INSERT_OUTCOMES_SQL = `
INSERT INTO webhook_delivery_outcomes (delivery_id, status, outcome, processed_at)
SELECT delivery_id, status, outcome, processed_at
FROM jsonb_to_recordset($1::jsonb) AS o(delivery_id uuid, status text, outcome jsonb,
  processed_at timestamptz)`;

// Any `limit` deliveries received before the cutoff that the processor is done with (refused, or
// with an outcome), with their outcomes. One still waiting in the queue stays, however old.
const DELETE_EXPIRED_SQL = `
WITH expired AS (
  SELECT d.id FROM webhook_deliveries d
  WHERE d.received_at < $1
    AND (d.status <> 'accepted'
         OR EXISTS (SELECT 1 FROM webhook_delivery_outcomes o WHERE o.delivery_id = d.id))
  LIMIT $2
), outcomes AS (
  DELETE FROM webhook_delivery_outcomes o USING expired WHERE o.delivery_id = expired.id
), deliveries AS (
  DELETE FROM webhook_deliveries d USING expired WHERE d.id = expired.id RETURNING 1
)
SELECT count(*)::int AS n FROM deliveries`;

export const deliveryStore = {
  async insertMany(sql: Sql, records: readonly DeliveryRecord[]): Promise<void> {
    const rows = records.map((d) => ({
      id: d.id,
      integration_id: d.integrationId,
      source: d.source,
      received_at: d.receivedAt,
      path: d.path,
      query: d.query,
      headers: d.headers,
      body: d.body.toString('base64'),
      body_sha256: d.bodySha256,
      auth_result: d.authResult,
      status: d.status,
      outcome: d.outcome ?? null,
      alerts: d.alerts,
      completed_at: d.completedAt,
      retry_key: d.retryKey ?? null,
      retry_until: d.retryUntil ?? null,
    }));
    // A sender's NUL (`\u0000` in its JSON, or `%00` in the URL) must not fail the statement,
    // which carries other senders' deliveries too; the body keeps the exact bytes.
    await sql.query(INSERT_MANY_SQL, [storableJson(JSON.stringify(rows))]);
  },

  /**
   * Accepted deliveries after `after` in commit order, never past a still-open transaction. The
   * planner underestimates how many rows the row comparison lets through and picks a bitmap scan,
   * which reads and sorts the whole backlog before the LIMIT (bench/README.md); without
   * bitmap scans it walks the (tx, seq) index in order and stops at the limit.
   */
  async queuedAfter(db: Database, after: LogPosition, limit: number): Promise<QueuedDelivery[]> {
    const rows = await db.transaction(async (tx) => {
      await tx.query('SET LOCAL enable_bitmapscan = off');
      return tx.query<{
        id: string;
        integration_id: string;
        source: string;
        received_at: Date;
        retry_key: string | null;
        retry_until: Date | null;
        alerts: QueuedAlert[] | null;
        handshake: Handshake | null;
        seq: string;
        tx: string;
      }>(QUEUE_SQL, [after.transactionId, after.globalPosition, limit]);
    });
    return rows.map((r) => ({
      id: r.id,
      integrationId: r.integration_id,
      source: r.source,
      receivedAt: r.received_at,
      retryKey: r.retry_key,
      retryUntil: r.retry_until,
      alerts: r.alerts ?? [],
      handshake: r.handshake,
      position: { transactionId: r.tx, globalPosition: Number(r.seq) },
    }));
  },

  /** Accepted deliveries the processor has not taken yet (for metrics: counted, so not free). */
  async pendingAfter(sql: Sql, after: LogPosition): Promise<number> {
    const [row] = await sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM webhook_deliveries
        WHERE status = 'accepted' AND (tx, seq) > ($1::xid8, $2::bigint)`,
      [after.transactionId, after.globalPosition],
    );
    return row.n;
  },

  /** Delivery id → the id of the earlier accepted copy it repeats, for those that have one. */
  async earlierCopies(
    sql: Sql,
    deliveries: readonly { id: string; retryKey: string; receivedAt: Date }[],
  ): Promise<Map<string, string>> {
    if (deliveries.length === 0) return new Map();
    const rows = await sql.query<{ id: string; original_id: string }>(EARLIER_COPIES_SQL, [
      JSON.stringify(
        deliveries.map((d) => ({ id: d.id, retry_key: d.retryKey, received_at: d.receivedAt })),
      ),
    ]);
    return new Map(rows.map((r) => [r.id, r.original_id]));
  },

  async insertOutcomes(sql: Sql, outcomes: readonly NewOutcome[]): Promise<void> {
    if (outcomes.length === 0) return;
    const rows = outcomes.map((o) => ({
      delivery_id: o.deliveryId,
      status: o.status,
      outcome: o.outcome,
      processed_at: o.processedAt,
    }));
    // An outcome can quote what a sender sent (an error message); see insertMany.
    await sql.query(INSERT_OUTCOMES_SQL, [storableJson(JSON.stringify(rows))]);
  },

  /** Deletes up to `limit` processed or refused deliveries received before `cutoff`: how many. */
  async deleteExpired(sql: Sql, cutoff: Date, limit: number): Promise<number> {
    const [row] = await sql.query<{ n: number }>(DELETE_EXPIRED_SQL, [cutoff, limit]);
    return row.n;
  },

  async find(sql: Sql, id: string): Promise<StoredDelivery | undefined> {
    const rows = await sql.query<Record<string, unknown>>(
      `SELECT d.*, o.status AS processing_status, o.outcome AS processing_outcome, o.processed_at
         FROM webhook_deliveries d LEFT JOIN webhook_delivery_outcomes o ON o.delivery_id = d.id
        WHERE d.id = $1`,
      [id],
    );
    const r = rows[0];
    if (!r) return undefined;
    return {
      id: r.id as string,
      integrationId: r.integration_id as string,
      source: r.source as string,
      receivedAt: r.received_at as Date,
      path: r.path as string,
      query: r.query as Record<string, string>,
      headers: r.headers as Record<string, string>,
      body: r.body as Buffer,
      bodySha256: r.body_sha256 as string,
      ...(r.retry_key
        ? { retryKey: r.retry_key as string, retryUntil: r.retry_until as Date }
        : {}),
      authResult: r.auth_result as string,
      status: r.status as DeliveryStatus,
      outcome: r.outcome,
      completedAt: r.completed_at as Date,
      ...(r.processing_status
        ? {
            processing: {
              status: r.processing_status as ProcessingStatus,
              outcome: r.processing_outcome,
              processedAt: r.processed_at as Date,
            },
          }
        : {}),
    };
  },
};
