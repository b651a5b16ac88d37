import type { ReadModelTable } from '@sitrep/messaging';

/**
 * One row per alert-stream event that decided something about an incident. `incident_id` is null
 * only while the episode's incident is undecided (a concurrent delivery counted before the attach);
 * the attach fills it in. Queries read the view `incident_alerts`.
 */
export const incidentAlertsTable: ReadModelTable = {
  name: 'incident_alerts',
  create: (t) => [
    `CREATE TABLE ${t} (
       stream_id text NOT NULL,
       position bigint NOT NULL,
       incident_id uuid,
       integration_id text NOT NULL,
       dedup_key text NOT NULL,
       episode integer NOT NULL,
       decision text NOT NULL,
       rule text,
       reason text NOT NULL,
       delivery_id text NOT NULL,
       count integer,
       at timestamptz NOT NULL,
       PRIMARY KEY (stream_id, position)
     )`,
    `CREATE INDEX ${t}_incident_idx ON ${t} (incident_id, stream_id, position)`,
  ],
};

/** Per alert stream: its current episode and that episode's incident, and the last position applied. */
export const incidentAlertCursorsTable: ReadModelTable = {
  name: 'incident_alert_cursors',
  create: (t) => [
    `CREATE TABLE ${t} (
       stream_id text PRIMARY KEY,
       episode integer NOT NULL,
       incident_id uuid,
       last_position bigint NOT NULL
     )`,
  ],
};
