import type { Client } from 'pg';
import { SETTLE_SECONDS } from './settings';

/* How far the worker is behind the intake: the accepted deliveries not yet processed or projected. */

/** The bench's own tables, beside Sitrep's in the bench database. */
export async function createBenchTables(db: Client): Promise<void> {
  await db.query(`CREATE TABLE bench_accepted (id text PRIMARY KEY)`);
  await db.query(
    `CREATE TABLE bench_carried (id text PRIMARY KEY, stream_id text NOT NULL, position bigint NOT NULL)`,
  );
}

/** Accepted deliveries (by id) the alert processor has not recorded an outcome for yet. */
export async function unprocessed(db: Client): Promise<number> {
  const [row] = (
    await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM bench_accepted a
        WHERE NOT EXISTS (SELECT 1 FROM webhook_delivery_outcomes o WHERE o.delivery_id::text = a.id)`,
    )
  ).rows;
  return Number(row.n);
}

/**
 * Events that attach an alert's episode to an incident: the attach, or a firing that carries its
 * attachment (the two decided together are appended as one); `ATTACHED_TO` is that incident.
 */
export const ATTACHES = `(e.type = 'AlertAttachedToIncident'
  OR (e.type IN ('AlertFired', 'AlertRefired') AND e.data ? 'attachment'))`;
export const ATTACHED_TO = `coalesce(e.data->'attachment'->>'incidentId', e.data->>'incidentId')`;

/**
 * Which decision event carries each accepted delivery (an attach, or the firing carrying it, for
 * a new alert; a repeat — possibly counting several deliveries — for the others), into
 * bench_carried: the read model keys its rows by (stream, position) of those events. Call once
 * the deliveries are processed.
 */
export async function findCarriers(db: Client): Promise<void> {
  await db.query(`TRUNCATE bench_carried`);
  await db.query(
    `INSERT INTO bench_carried (id, stream_id, position)
     SELECT DISTINCT ON (c.id) c.id, e.stream_id, e.stream_position
       FROM events e
       CROSS JOIN LATERAL (
         SELECT e.data->>'deliveryId' AS id
         UNION SELECT jsonb_array_elements_text(coalesce(e.data->'deliveryIds', '[]'::jsonb))) c
       JOIN bench_accepted a ON a.id = c.id
      WHERE ${ATTACHES} OR e.type = 'AlertRepeated'
      ORDER BY c.id, e.global_position`,
  );
}

/** Accepted deliveries whose decision is not yet in the incident_alerts read model with an incident. */
export async function missingInReadModel(db: Client): Promise<number> {
  const [row] = (
    await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM bench_accepted a
        WHERE NOT EXISTS (SELECT 1 FROM bench_carried c JOIN incident_alerts r
                            ON r.stream_id = c.stream_id AND r.position = c.position
                           WHERE c.id = a.id AND r.incident_id IS NOT NULL)`,
    )
  ).rows;
  return Number(row.n);
}

export interface Settled {
  /** Seconds after the storm until the processor had an outcome for every accepted delivery. */
  processed: number;
  /** … and until the incident_alerts read model (via Kafka) held every one. */
  readModel: number;
  decisions: Record<string, number>;
}

/** Waits until `probe` counts 0 (polled every 50 ms); seconds since `started`, NaN past the limit. */
async function until(probe: () => Promise<number>, started: number): Promise<number> {
  for (;;) {
    const missing = await probe();
    const seconds = (performance.now() - started) / 1000;
    if (missing === 0) return seconds;
    if (seconds > SETTLE_SECONDS) return NaN;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** After a storm: how long processing and the read model lagged, and what was decided. */
export async function settle(db: Client, phase: string[]): Promise<Settled> {
  const started = performance.now();
  await db.query(`TRUNCATE bench_accepted`);
  await db.query(`INSERT INTO bench_accepted (id) SELECT unnest($1::text[])`, [phase]);
  const processed = await until(() => unprocessed(db), started);
  await findCarriers(db);
  const readModel = await until(() => missingInReadModel(db), started);
  const rows = (
    await db.query<{ decision: string; n: string }>(
      `SELECT coalesce(a->>'decision', o.status) AS decision, count(*) AS n
         FROM bench_accepted b JOIN webhook_delivery_outcomes o ON o.delivery_id::text = b.id
         LEFT JOIN LATERAL jsonb_array_elements(o.outcome->'alerts') a ON true
        GROUP BY 1 ORDER BY 2 DESC`,
    )
  ).rows;
  return {
    processed,
    readModel,
    decisions: Object.fromEntries(rows.map((r) => [r.decision, Number(r.n)])),
  };
}
