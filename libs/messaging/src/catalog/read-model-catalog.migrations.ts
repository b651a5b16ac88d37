import { sqlMigration, type Migrations } from '@sitrep/platform';
import type { Projection } from '../projection';
import { assertProjectionName, physicalName, pointViewAt } from './read-model-catalog';

export const readModelCatalogMigrations: Migrations = [
  sqlMigration('ReadModelCatalog1764201800000', [
    `CREATE TABLE read_model_tables (
       projection text NOT NULL,
       name text NOT NULL,
       physical text NOT NULL,
       switched_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (projection, name)
     )`,
  ]),
];

/**
 * The migration that installs a projection's first physical tables (`<name>_v1`), the views
 * queries read, and its catalog rows. Rebuilds later add `_v2`, `_v3`, ... beside them.
 */
export function installReadModels(
  migrationName: string,
  projection: Pick<Projection, 'name' | 'tables'>,
) {
  const up = projection.tables.flatMap((table) => {
    const physical = physicalName(table, 1);
    return [
      ...table.create(physical),
      ...pointViewAt(table, physical),
      `INSERT INTO read_model_tables (projection, name, physical) VALUES ('${assertProjectionName(projection.name)}', '${table.name}', '${physical}')`,
    ];
  });
  return sqlMigration(migrationName, up);
}
