import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DATABASE, type Database } from '@sitrep/platform';
import { incidentErrors } from '@sitrep/incident';
import type { AttachRule } from '../../domain';
import type { AlertDecision, IncidentAlertRow } from './incident-alerts.fold';
import { incidentAlertsTable } from './incident-alerts.table';

export class GetIncidentAlertsQuery {
  constructor(readonly incidentId: string) {}
}

/** One decision about an alert, as `GET /api/v1/incidents/:id/alerts` shows it. */
export type AlertDecisionView = Pick<
  IncidentAlertRow,
  'episode' | 'decision' | 'rule' | 'reason' | 'deliveryId' | 'count' | 'at'
>;

export interface IncidentAlertView {
  integrationId: string;
  dedupKey: string;
  decisions: AlertDecisionView[];
}

interface IncidentAlertRecord {
  stream_id: string;
  position: string;
  incident_id: string | null;
  integration_id: string;
  dedup_key: string;
  episode: number;
  decision: AlertDecision;
  rule: AttachRule | null;
  reason: string;
  delivery_id: string;
  count: number | null;
  at: Date;
}

/**
 * The decision rows of one incident, per alert stream and episode: how it was placed first, then
 * what followed, in stream order. Shared by `GET /api/v1/incidents/:id/alerts` and the timeline.
 */
export async function readIncidentAlertRows(
  db: Database,
  incidentId: string,
): Promise<IncidentAlertRow[]> {
  const rows = await db.query<IncidentAlertRecord>(
    `SELECT * FROM ${incidentAlertsTable.name} WHERE incident_id = $1
      ORDER BY stream_id, episode, rule IS NULL, position`,
    [incidentId],
  );
  return rows.map((r) => ({
    streamId: r.stream_id,
    position: Number(r.position),
    incidentId: r.incident_id,
    integrationId: r.integration_id,
    dedupKey: r.dedup_key,
    episode: r.episode,
    decision: r.decision,
    rule: r.rule,
    reason: r.reason,
    deliveryId: r.delivery_id,
    count: r.count,
    at: r.at.toISOString(),
  }));
}

/** The view the incident read models keep one row per incident in. */
const INCIDENT_LIST = 'incident_list';

@QueryHandler(GetIncidentAlertsQuery)
export class GetIncidentAlertsHandler implements IQueryHandler<
  GetIncidentAlertsQuery,
  IncidentAlertView[]
> {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async execute({ incidentId }: GetIncidentAlertsQuery): Promise<IncidentAlertView[]> {
    const rows = await readIncidentAlertRows(this.db, incidentId);
    if (rows.length === 0) await this.assertExists(incidentId);
    const alerts = new Map<string, IncidentAlertView>();
    for (const r of rows) {
      const alert = alerts.get(r.streamId) ?? {
        integrationId: r.integrationId,
        dedupKey: r.dedupKey,
        decisions: [],
      };
      alert.decisions.push({
        episode: r.episode,
        decision: r.decision,
        rule: r.rule,
        reason: r.reason,
        deliveryId: r.deliveryId,
        count: r.count,
        at: r.at,
      });
      alerts.set(r.streamId, alert);
    }
    const firstAt = (a: IncidentAlertView) => Math.min(...a.decisions.map((d) => Date.parse(d.at)));
    return [...alerts.values()].sort(
      (a, b) => firstAt(a) - firstAt(b) || a.dedupKey.localeCompare(b.dedupKey),
    );
  }

  private async assertExists(incidentId: string): Promise<void> {
    const [row] = await this.db.query(`SELECT 1 FROM ${INCIDENT_LIST} WHERE incident_id = $1`, [
      incidentId,
    ]);
    if (!row) throw incidentErrors.notFound(incidentId);
  }
}
