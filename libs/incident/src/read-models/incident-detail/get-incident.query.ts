import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DATABASE, type Database } from '@sitrep/platform';
import {
  storedIncidentDetail,
  type IncidentDetail,
  type StoredIncidentDetail,
} from './incident-detail.document';
import { incidentDetailTable } from './incident-detail.table';
import { IncidentNotFoundError } from '../incident-not-found.error';

export class GetIncidentQuery {
  constructor(readonly incidentId: string) {}
}

@QueryHandler(GetIncidentQuery)
export class GetIncidentHandler implements IQueryHandler<GetIncidentQuery, IncidentDetail> {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async execute({ incidentId }: GetIncidentQuery): Promise<IncidentDetail> {
    const [row] = await this.db.query<{ document: StoredIncidentDetail }>(
      `SELECT document FROM ${incidentDetailTable.name} WHERE incident_id = $1`,
      [incidentId],
    );
    if (!row) throw new IncidentNotFoundError(incidentId);
    // The stored document leaves out the sections still at their defaults.
    return storedIncidentDetail(row.document);
  }
}
