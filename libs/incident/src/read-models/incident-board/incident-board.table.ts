import type { ReadModelTable } from '@sitrep/messaging';

/**
 * One row per incident with the times that say what needs attention; closed and dismissed rows
 * stay (with their status) so a rebuild gives the same table. Queries read the view `incident_board`.
 */
export const incidentBoardTable: ReadModelTable = {
  name: 'incident_board',
  create: (t) => [
    `CREATE TABLE ${t} (
       incident_id uuid PRIMARY KEY,
       title text NOT NULL,
       severity text NOT NULL,
       status text NOT NULL,
       commander text,
       declared_at timestamptz NOT NULL,
       huddle_due_at timestamptz,
       huddle_overdue_at timestamptz,
       next_update_due_at timestamptz,
       earliest_action_due_at timestamptz,
       open_actions integer NOT NULL,
       schedule jsonb NOT NULL,
       last_position bigint NOT NULL
     )`,
    `CREATE INDEX ${t}_status_idx ON ${t} (status, severity, declared_at)`,
  ],
};
