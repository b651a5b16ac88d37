import type { Migrations } from '@sitrep/platform';
import { parkedEventMigrations } from './applying/parked-events.migrations';
import { readModelCatalogMigrations } from './catalog/read-model-catalog.migrations';
import { kafkaProjectionMigrations } from './kafka/kafka-projections.migrations';

/** Every table the messaging library keeps: read-model catalog, parked events, stored offsets. */
export const messagingMigrations: Migrations = [
  ...readModelCatalogMigrations,
  ...parkedEventMigrations,
  ...kafkaProjectionMigrations,
];
