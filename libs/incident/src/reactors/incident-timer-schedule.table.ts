import type { ReadModelTable } from '@sitrep/messaging';

/**
 * The timers reactor's own memory: each incident's schedule and the last stream position it
 * applied, so a redelivered event changes no timer. Rebuildable like any read model.
 */
export const incidentTimerScheduleTable: ReadModelTable = {
  name: 'incident_timer_schedule',
  create: (t) => [
    `CREATE TABLE ${t} (
       incident_id uuid PRIMARY KEY,
       schedule jsonb NOT NULL,
       last_position bigint NOT NULL
     )`,
  ],
};
