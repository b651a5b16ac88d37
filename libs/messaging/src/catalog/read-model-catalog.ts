import type { Sql } from '@sitrep/platform';
import type { Projection, ReadModelTable, TableNames } from '../projection';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Read-model table names go into SQL text; only plain lower-case identifiers are accepted. */
export function assertIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`Not a safe SQL identifier: ${name}`);
  return name;
}

/** Projection names are kebab-case words, e.g. `incident-timeline`. */
export function assertProjectionName(name: string): string {
  if (!/^[a-z][a-z0-9-]{0,62}$/.test(name)) throw new Error(`Not a valid projection name: ${name}`);
  return name;
}

export function physicalName(table: ReadModelTable, version: number): string {
  return assertIdentifier(`${table.name}_v${version}`);
}

export function versionOf(physical: string): number {
  const match = /_v(\d+)$/.exec(physical);
  return match ? Number(match[1]) : 0;
}

/** DDL that creates a view `name` over `physical` (replacing an existing view of that name). */
export function pointViewAt(table: ReadModelTable, physical: string): string[] {
  return [
    `DROP VIEW IF EXISTS ${assertIdentifier(table.name)}`,
    `CREATE VIEW ${table.name} AS SELECT * FROM ${assertIdentifier(physical)}`,
  ];
}

/**
 * Which physical copy of each read-model table is live. Live writers read it with a share lock
 * inside their batch transaction, so a switch-over (which takes the rows for update) waits for
 * batches in flight and every later batch writes to the new copy.
 */
export class ReadModelCatalog {
  async tablesFor(tx: Sql, projection: Projection): Promise<TableNames> {
    const rows = await tx.query<{ name: string; physical: string }>(
      `SELECT name, physical FROM read_model_tables WHERE projection = $1 FOR SHARE`,
      [projection.name],
    );
    const tables: Record<string, string> = {};
    for (const row of rows) tables[row.name] = row.physical;
    for (const table of projection.tables) {
      if (!tables[table.name]) {
        throw new Error(`Read model ${table.name} of ${projection.name} is not installed`);
      }
    }
    return tables;
  }

  /** Locks the catalog rows of a projection (for a switch-over) and returns the live tables. */
  async lockForSwitch(tx: Sql, projection: Projection): Promise<TableNames> {
    const rows = await tx.query<{ name: string; physical: string }>(
      `SELECT name, physical FROM read_model_tables WHERE projection = $1 FOR UPDATE`,
      [projection.name],
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.physical]));
  }

  /** Points the views and the catalog at `tables`; the caller holds the lock from lockForSwitch. */
  async switchTo(tx: Sql, projection: Projection, tables: TableNames): Promise<void> {
    for (const table of projection.tables) {
      for (const statement of pointViewAt(table, tables[table.name])) await tx.query(statement);
      await tx.query(
        `INSERT INTO read_model_tables (projection, name, physical) VALUES ($1, $2, $3)
         ON CONFLICT (projection, name) DO UPDATE SET physical = $3, switched_at = now()`,
        [projection.name, table.name, tables[table.name]],
      );
    }
  }
}
