import { sqlMigration, type Migrations } from '@sitrep/platform';

/**
 * Events a projection could not apply. `event_id` and the positions are text / nullable because a
 * Kafka message that is not even a readable CloudEvent is parked too (its id is topic/partition/offset).
 */
export const parkedEventMigrations: Migrations = [
  sqlMigration('ParkedEvents1764202000000', [
    `CREATE TABLE parked_events (
       id bigserial PRIMARY KEY,
       projection text NOT NULL,
       event_id text NOT NULL,
       global_position bigint,
       stream_id text,
       stream_position integer,
       type text NOT NULL,
       payload jsonb NOT NULL,
       error text NOT NULL,
       attempts integer NOT NULL,
       blocked_by text,
       first_failed_at timestamptz NOT NULL DEFAULT now(),
       parked_at timestamptz NOT NULL DEFAULT now(),
       UNIQUE (projection, event_id)
     )`,
    `CREATE INDEX parked_events_by_stream ON parked_events (projection, stream_id, stream_position)`,
  ]),
];
