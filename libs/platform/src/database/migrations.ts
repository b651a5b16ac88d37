import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A schema migration written as plain SQL. Each library exports its own list; the app composes
 * them. `name` must end in a sortable timestamp (TypeORM orders by it), e.g. `EventStore1764200000000`.
 */
export function sqlMigration(
  name: string,
  up: string[],
  down: string[] = [],
): new () => MigrationInterface {
  const migration = class implements MigrationInterface {
    readonly name = name;
    async up(runner: QueryRunner): Promise<void> {
      for (const statement of up) await runner.query(statement);
    }
    async down(runner: QueryRunner): Promise<void> {
      for (const statement of down) await runner.query(statement);
    }
  };
  Object.defineProperty(migration, 'name', { value: name });
  return migration;
}

export type Migrations = ReadonlyArray<new () => MigrationInterface>;
