import { sqlMigration, type Migrations } from '@sitrep/platform';

export const integrationMigrations: Migrations = [
  sqlMigration(
    'AlertIntegrations1764203100000',
    [
      `CREATE TABLE integrations (
        id uuid PRIMARY KEY,
        source text NOT NULL,
        name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
        response_plan_id uuid,
        open_as text NOT NULL CHECK (open_as IN ('triage', 'declared')),
        grouping_window_seconds integer NOT NULL CHECK (grouping_window_seconds >= 0),
        auto_resolve text NOT NULL CHECK (auto_resolve IN ('none', 'mitigate', 'resolve')),
        reopen_window_seconds integer NOT NULL CHECK (reopen_window_seconds >= 0),
        auth_mode text NOT NULL CHECK (auth_mode IN ('bearer', 'basic', 'vendor', 'url-token')),
        enabled boolean NOT NULL DEFAULT true,
        mapping jsonb,
        created_at timestamptz NOT NULL,
        disabled_at timestamptz
      )`,
      // One row per secret. Tokens are high-entropy random, so a plain SHA-256 is enough to make a
      // stolen table useless; secrets the server must use itself (HMAC keys, vendor keys) are
      // encrypted instead, and exactly one of the two columns is set.
      `CREATE TABLE integration_credentials (
        id uuid PRIMARY KEY,
        integration_id uuid NOT NULL REFERENCES integrations (id),
        kind text NOT NULL CHECK (kind IN ('token', 'signing-secret', 'vendor-key')),
        secret_hash text,
        secret_encrypted text,
        created_at timestamptz NOT NULL,
        expires_at timestamptz,
        revoked_at timestamptz,
        CHECK ((kind = 'token') = (secret_hash IS NOT NULL)),
        CHECK ((secret_hash IS NULL) <> (secret_encrypted IS NULL))
      )`,
      `CREATE INDEX integration_credentials_integration_idx
         ON integration_credentials (integration_id)`,
    ],
    ['DROP TABLE integration_credentials', 'DROP TABLE integrations'],
  ),
  sqlMigration(
    'IntegrationRevision1765324800000',
    [
      // One number that every change to integrations or their credentials moves (statement
      // triggers, so a bulk change moves it once): the intake's directory re-reads the integrations
      // it serves only when it moved, instead of every half second.
      `CREATE TABLE integration_revision (
        single boolean PRIMARY KEY DEFAULT true CHECK (single),
        value bigint NOT NULL
      )`,
      `INSERT INTO integration_revision (value) VALUES (0)`,
      `CREATE FUNCTION integration_revision_bump() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE integration_revision SET value = value + 1;
         RETURN NULL;
       END $$`,
      `CREATE TRIGGER integrations_revision AFTER INSERT OR UPDATE OR DELETE ON integrations
         FOR EACH STATEMENT EXECUTE FUNCTION integration_revision_bump()`,
      `CREATE TRIGGER integration_credentials_revision
         AFTER INSERT OR UPDATE OR DELETE ON integration_credentials
         FOR EACH STATEMENT EXECUTE FUNCTION integration_revision_bump()`,
    ],
    [
      'DROP TRIGGER integration_credentials_revision ON integration_credentials',
      'DROP TRIGGER integrations_revision ON integrations',
      'DROP FUNCTION integration_revision_bump()',
      'DROP TABLE integration_revision',
    ],
  ),
  sqlMigration(
    'IntegrationSignatureHeaders1796684400000',
    [
      // Where a vendor that signs (Grafana) puts its signature and timestamp, when the sender was
      // configured with other header names than the vendor's defaults: {signature?, timestamp?}.
      `ALTER TABLE integrations ADD COLUMN signature_headers jsonb`,
    ],
    ['ALTER TABLE integrations DROP COLUMN signature_headers'],
  ),
  sqlMigration(
    'IntegrationServiceFrom1796770800000',
    [
      // Which labels name an alert's service for this sender, in order (a JSON array of label
      // names); null keeps the source's default.
      `ALTER TABLE integrations ADD COLUMN service_from jsonb`,
    ],
    ['ALTER TABLE integrations DROP COLUMN service_from'],
  ),
];
