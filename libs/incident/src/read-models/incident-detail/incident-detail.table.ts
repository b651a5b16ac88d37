import { sqlMigration } from '@sitrep/platform';

export const INCIDENT_DETAIL_TABLE = 'incident_detail_v1';

export const IncidentDetailTable1764202000100 = sqlMigration(
  'IncidentDetailTable1764202000100',
  [
    `CREATE TABLE ${INCIDENT_DETAIL_TABLE} (
     incident_id uuid PRIMARY KEY,
     document jsonb NOT NULL,
     last_position bigint NOT NULL
   )`,
  ],
  [`DROP TABLE ${INCIDENT_DETAIL_TABLE}`],
);
