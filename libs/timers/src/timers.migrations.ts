import { sqlMigration, type Migrations } from '@sitrep/platform';

export const timerMigrations: Migrations = [
  sqlMigration('DurableTimers1764201900000', [
    `CREATE TABLE timers (
       key text PRIMARY KEY,
       kind text NOT NULL,
       due_at timestamptz NOT NULL,
       payload jsonb NOT NULL DEFAULT '{}',
       state text NOT NULL DEFAULT 'scheduled' CHECK (state IN ('scheduled', 'fired', 'cancelled')),
       attempts int NOT NULL DEFAULT 0,
       last_error text,
       lease_until timestamptz,
       fired_at timestamptz,
       updated_at timestamptz NOT NULL DEFAULT now()
     )`,
    `CREATE INDEX timers_due_idx ON timers (due_at) WHERE state = 'scheduled'`,
  ]),
];
