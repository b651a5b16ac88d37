import { sqlMigration, type Migrations } from '../database/migrations';

export const apiKeyMigrations: Migrations = [
  sqlMigration(
    'ApiKeys1764201700000',
    [
      `CREATE TABLE api_keys (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
        prefix text NOT NULL,
        hash text NOT NULL CONSTRAINT api_keys_hash_key UNIQUE,
        scopes text[] NOT NULL CHECK (cardinality(scopes) > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        last_used_at timestamptz,
        revoked_at timestamptz
      )`,
    ],
    ['DROP TABLE api_keys'],
  ),
];
