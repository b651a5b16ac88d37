import { sqlMigration, type Migrations } from '@sitrep/platform';

/**
 * Where each projection's Kafka consumer has got to, written in the transaction that writes the
 * read model: the source of truth for offsets (Kafka's committed offset only trails it).
 */
export const kafkaProjectionMigrations: Migrations = [
  sqlMigration('ProjectionOffsets1764202100000', [
    `CREATE TABLE projection_offsets (
       projection text NOT NULL,
       topic text NOT NULL,
       partition integer NOT NULL,
       next_offset bigint NOT NULL,
       updated_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (projection, topic, partition)
     )`,
  ]),
];
