import { sqlMigration } from '@sitrep/platform';

export const TIMELINE_TABLE = 'incident_timeline_v1';

export const IncidentTimelineTable1764202000200 = sqlMigration(
  'IncidentTimelineTable1764202000200',
  [
    `CREATE TABLE ${TIMELINE_TABLE} (
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
  [`DROP TABLE ${TIMELINE_TABLE}`],
);
