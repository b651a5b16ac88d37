import type { ReadModelTable } from '@sitrep/messaging';

/** One row per incident, for listing and filtering. Queries read the view `incident_list`. */
export const incidentListTable: ReadModelTable = {
  name: 'incident_list',
  create: (t) => [
    `CREATE TABLE ${t} (
       incident_id uuid PRIMARY KEY,
       title text NOT NULL,
       severity text NOT NULL,
       status text NOT NULL,
       acknowledged boolean NOT NULL,
       services jsonb NOT NULL,
       declared_at timestamptz NOT NULL,
       updated_at timestamptz NOT NULL,
       last_position bigint NOT NULL
     )`,
    `CREATE INDEX ${t}_declared_idx ON ${t} (declared_at DESC, incident_id)`,
    `CREATE INDEX ${t}_status_idx ON ${t} (status, severity)`,
  ],
};
