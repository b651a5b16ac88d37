import type { ReadModelTable } from '@sitrep/messaging';

/** One document per incident, for the detail view. Queries read the view `incident_detail`. */
export const incidentDetailTable: ReadModelTable = {
  name: 'incident_detail',
  create: (t) => [
    `CREATE TABLE ${t} (
       incident_id uuid PRIMARY KEY,
       document jsonb NOT NULL,
       last_position bigint NOT NULL
     )`,
  ],
};
