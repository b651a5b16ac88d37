import type { Client } from 'pg';
import { ATTACHED_TO, ATTACHES, findCarriers, missingInReadModel } from './settle';

/* After the storms: every accepted alert on file, decided, in the log and in the read models. */

export interface Check {
  check: string;
  value: number | string;
  pass: boolean;
}

type Counts = Awaited<ReturnType<typeof countDeliveries>> & Awaited<ReturnType<typeof countLog>>;

export async function verify(
  db: Client,
  accepted: string[],
  answeredAlerts: number,
): Promise<Check[]> {
  await db.query(`TRUNCATE bench_accepted`);
  await db.query(`INSERT INTO bench_accepted (id) SELECT unnest($1::text[])`, [accepted]);
  const counts = { ...(await countDeliveries(db)), ...(await countLog(db)) };
  await printFailures(db);
  return checksOf(counts, accepted.length, answeredAlerts);
}

const counter = (db: Client) => async (sql: string) =>
  Number((await db.query<{ n: string }>(sql)).rows[0].n);

async function countDeliveries(db: Client) {
  const one = counter(db);
  const notAccepted = await one(
    `SELECT count(*) AS n FROM bench_accepted a
      WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries d
                         WHERE d.id::text = a.id AND d.status = 'accepted')`,
  );
  await findCarriers(db);
  const notInLog = await one(
    `SELECT count(*) AS n FROM bench_accepted a
      WHERE NOT EXISTS (SELECT 1 FROM bench_carried c WHERE c.id = a.id)`,
  );
  const notProcessed = await one(
    `SELECT count(*) AS n FROM bench_accepted a
      WHERE NOT EXISTS (SELECT 1 FROM webhook_delivery_outcomes o
                         WHERE o.delivery_id::text = a.id AND o.status = 'processed')`,
  );
  return { notAccepted, notInLog, notProcessed };
}

async function countLog(db: Client) {
  const one = counter(db);
  const unattached = await one(
    `SELECT count(*) AS n FROM (
        SELECT stream_id FROM events WHERE type = 'AlertFired'
        EXCEPT SELECT stream_id FROM events e WHERE ${ATTACHES}) s`,
  );
  const notInReadModel = await missingInReadModel(db);
  // Per alert (a delivery may carry several): each has a decision, each attach is in the read model.
  const decided = await one(
    `SELECT coalesce(sum(jsonb_array_length(o.outcome->'alerts')), 0) AS n
       FROM bench_accepted a JOIN webhook_delivery_outcomes o ON o.delivery_id::text = a.id`,
  );
  const attachesNotInReadModel = await one(
    `SELECT count(*) AS n FROM events e
      WHERE ${ATTACHES}
        AND NOT EXISTS (SELECT 1 FROM incident_alerts r
                         WHERE r.stream_id = e.stream_id AND r.position = e.stream_position
                           AND r.incident_id IS NOT NULL)`,
  );
  return { unattached, notInReadModel, decided, attachesNotInReadModel, ...(await totals(db)) };
}

async function totals(db: Client) {
  const one = counter(db);
  const acceptedInDb = await one(
    `SELECT count(*) AS n FROM webhook_deliveries WHERE status = 'accepted'`,
  );
  const failedInDb = await one(
    `SELECT count(*) AS n FROM webhook_deliveries WHERE status <> 'accepted'`,
  );
  const alertStreams = await one(`SELECT count(*) AS n FROM events WHERE type = 'AlertFired'`);
  const declared = await one(`SELECT count(*) AS n FROM events WHERE type = 'IncidentDeclared'`);
  const incidentsAttached = await one(
    `SELECT count(DISTINCT ${ATTACHED_TO}) AS n FROM events e WHERE ${ATTACHES}`,
  );
  const listed = await one(`SELECT count(*) AS n FROM incident_list`).catch(() => NaN);
  return { acceptedInDb, failedInDb, alertStreams, declared, incidentsAttached, listed };
}

async function printFailures(db: Client): Promise<void> {
  const failures = (
    await db.query<{ status: string; message: string | null; n: string }>(
      `SELECT status, left(outcome->>'message', 120) AS message, count(*) AS n
         FROM webhook_deliveries WHERE status <> 'accepted'
        GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 5`,
    )
  ).rows;
  if (failures.length > 0) {
    console.log('deliveries not accepted, by status and message:');
    console.table(failures);
  }
}

function checksOf(c: Counts, acceptedSeen: number, answeredAlerts: number): Check[] {
  return [
    { check: '2xx answers seen by the load process', value: acceptedSeen, pass: true },
    {
      check: 'deliveries accepted in webhook_deliveries (incl. ones cut off at the end)',
      value: c.acceptedInDb,
      pass: c.acceptedInDb >= acceptedSeen,
    },
    { check: 'deliveries not accepted (rate-limited, failed, …)', value: c.failedInDb, pass: true },
    { check: '2xx not recorded as accepted', value: c.notAccepted, pass: c.notAccepted === 0 },
    {
      check: '2xx without a processed outcome',
      value: c.notProcessed,
      pass: c.notProcessed === 0,
    },
    {
      check: '2xx whose alert decision (attach or repeat event) is not in the log',
      value: c.notInLog,
      pass: c.notInLog === 0,
    },
    ...streamChecks(c, answeredAlerts),
  ];
}

function streamChecks(c: Counts, answeredAlerts: number): Check[] {
  return [
    { check: 'alert streams (AlertFired)', value: c.alertStreams, pass: true },
    {
      check: 'alert streams never attached to an incident',
      value: c.unattached,
      pass: c.unattached === 0,
    },
    {
      check: '2xx missing from incident_alerts (read model via Kafka)',
      value: c.notInReadModel,
      pass: c.notInReadModel === 0,
    },
    { check: 'alerts in the 2xx answers', value: answeredAlerts, pass: true },
    {
      check: 'alerts of 2xx without a decision in the processing outcomes',
      value: answeredAlerts - c.decided,
      pass: c.decided === answeredAlerts,
    },
    {
      check: 'alert attaches missing from incident_alerts',
      value: c.attachesNotInReadModel,
      pass: c.attachesNotInReadModel === 0,
    },
    {
      check: 'incidents declared (log)',
      value: c.declared,
      pass: c.declared === c.incidentsAttached,
    },
    { check: 'incidents alerts were attached to', value: c.incidentsAttached, pass: true },
    {
      check: 'incidents in incident_list (read model)',
      value: c.listed,
      pass: c.listed === c.declared,
    },
  ];
}
