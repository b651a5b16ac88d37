import type { Sql } from '@sitrep/platform';

export type DeliveryStatus =
  | 'received'
  | 'accepted'
  | 'duplicate'
  | 'disabled'
  | 'unauthenticated'
  | 'rate-limited'
  | 'invalid'
  | 'failed';

/** The answer a delivery got, kept so an identical retry gets it again. */
export interface StoredAnswer {
  status: number;
  body: unknown;
}

export interface ReceivedDelivery {
  id: string;
  integrationId: string;
  source: string;
  receivedAt: Date;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: Buffer;
  bodySha256: string;
}

export interface StoredDelivery extends ReceivedDelivery {
  authResult: string;
  status: DeliveryStatus;
  outcome: unknown;
  completedAt?: Date;
}

export const deliveryStore = {
  async insert(sql: Sql, d: ReceivedDelivery): Promise<void> {
    await sql.query(
      `INSERT INTO webhook_deliveries (id, integration_id, source, received_at, path, query,
         headers, body, body_sha256, auth_result, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'not checked yet', 'received')`,
      [
        d.id,
        d.integrationId,
        d.source,
        d.receivedAt,
        d.path,
        JSON.stringify(d.query),
        JSON.stringify(d.headers),
        d.body,
        d.bodySha256,
      ],
    );
  },

  async recordAuthResult(sql: Sql, id: string, authResult: string): Promise<void> {
    await sql.query(`UPDATE webhook_deliveries SET auth_result = $2 WHERE id = $1`, [
      id,
      authResult,
    ]);
  },

  async complete(
    sql: Sql,
    id: string,
    status: DeliveryStatus,
    outcome: unknown,
    at: Date,
  ): Promise<void> {
    await sql.query(
      `UPDATE webhook_deliveries SET status = $2, outcome = $3, completed_at = $4 WHERE id = $1`,
      [id, status, JSON.stringify(outcome), at],
    );
  },

  /** The latest accepted delivery of the same bytes to the same integration since `since`. */
  async findAccepted(
    sql: Sql,
    integrationId: string,
    bodySha256: string,
    since: Date,
  ): Promise<{ id: string; outcome: { answer: StoredAnswer } } | undefined> {
    const rows = await sql.query<{ id: string; outcome: { answer: StoredAnswer } }>(
      `SELECT id, outcome FROM webhook_deliveries
        WHERE integration_id = $1 AND body_sha256 = $2 AND status = 'accepted'
          AND received_at >= $3
        ORDER BY received_at DESC LIMIT 1`,
      [integrationId, bodySha256, since],
    );
    return rows[0];
  },

  async find(sql: Sql, id: string): Promise<StoredDelivery | undefined> {
    const rows = await sql.query<Record<string, unknown>>(
      `SELECT * FROM webhook_deliveries WHERE id = $1`,
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
      authResult: r.auth_result as string,
      status: r.status as DeliveryStatus,
      outcome: r.outcome,
      completedAt: (r.completed_at as Date | null) ?? undefined,
    };
  },
};
