import type { ReadModelTable } from '@sitrep/messaging';

/** One row per incident event. Queries read the view `incident_timeline`. */
export const timelineTable: ReadModelTable = {
  name: 'incident_timeline',
  create: (t) => [
    `CREATE TABLE ${t} (
       incident_id uuid NOT NULL,
       position bigint NOT NULL,
       event_id uuid NOT NULL,
       type text NOT NULL,
       kind text NOT NULL,
       occurred_at timestamptz NOT NULL,
       recorded_at timestamptz NOT NULL,
       actor text NOT NULL,
       summary text NOT NULL,
       details jsonb NOT NULL,
       PRIMARY KEY (incident_id, position)
     )`,
  ],
};
