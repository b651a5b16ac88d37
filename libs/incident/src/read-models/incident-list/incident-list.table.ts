import { sqlMigration } from '@sitrep/platform';

export const INCIDENT_LIST_TABLE = 'incident_list_v1';

export const IncidentListTable1764202000000 = sqlMigration(
  'IncidentListTable1764202000000',
  [
    `CREATE TABLE ${INCIDENT_LIST_TABLE} (
     incident_id uuid PRIMARY KEY,
     title text NOT NULL,
     severity text NOT NULL,
     status text NOT NULL,
     acknowledged boolean NOT NULL,
     services text[] NOT NULL,
     declared_at timestamptz NOT NULL,
     updated_at timestamptz NOT NULL,
     last_position bigint NOT NULL
   )`,
    `CREATE INDEX ${INCIDENT_LIST_TABLE}_declared_idx ON ${INCIDENT_LIST_TABLE} (declared_at DESC, incident_id)`,
    `CREATE INDEX ${INCIDENT_LIST_TABLE}_status_idx ON ${INCIDENT_LIST_TABLE} (status, severity)`,
  ],
  [`DROP TABLE ${INCIDENT_LIST_TABLE}`],
);
