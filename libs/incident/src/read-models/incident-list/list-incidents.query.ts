import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DATABASE, type Database } from '@sitrep/platform';
import {
  incidentListRowOf,
  type IncidentListRecord,
  type IncidentListRow,
} from './incident-list.row';
import { incidentListTable } from './incident-list.table';

export class ListIncidentsQuery {
  constructor(
    readonly filter: { status?: string; severity?: string },
    readonly limit: number,
    readonly offset: number,
  ) {}
}

export interface IncidentPage {
  items: Array<Omit<IncidentListRow, 'lastPosition'> & { version: number }>;
  total: number;
  limit: number;
  offset: number;
}

@QueryHandler(ListIncidentsQuery)
export class ListIncidentsHandler implements IQueryHandler<ListIncidentsQuery, IncidentPage> {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async execute({ filter, limit, offset }: ListIncidentsQuery): Promise<IncidentPage> {
    const where = `WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR severity = $2)`;
    const params = [filter.status ?? null, filter.severity ?? null];
    const [rows, [count]] = await Promise.all([
      this.db.query<IncidentListRecord>(
        `SELECT * FROM ${incidentListTable.name} ${where}
         ORDER BY declared_at DESC, incident_id LIMIT $3 OFFSET $4`,
        [...params, limit, offset],
      ),
      this.db.query<{ total: string }>(
        `SELECT count(*) AS total FROM ${incidentListTable.name} ${where}`,
        params,
      ),
    ]);
    const items = rows.map(incidentListRowOf).map(({ lastPosition, ...rest }) => ({
      ...rest,
      version: lastPosition,
    }));
    return { items, total: Number(count.total), limit, offset };
  }
}
