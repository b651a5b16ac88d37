import { sqlMigration, type Migrations } from '@sitrep/platform';

export const webhookDeliveryMigrations: Migrations = [
  sqlMigration(
    'WebhookDeliveries1764203200000',
    [
      // Written before a delivery is answered, refused ones included, and never changed: the audit
      // trail of what each sender sent and what Sitrep made of it (kept DELIVERY_RETENTION_DAYS).
      `CREATE TABLE webhook_deliveries (
        id uuid PRIMARY KEY,
        integration_id uuid NOT NULL REFERENCES integrations (id),
        source text NOT NULL,
        received_at timestamptz NOT NULL,
        path text NOT NULL,
        query jsonb NOT NULL,
        headers jsonb NOT NULL,
        body bytea NOT NULL,
        body_sha256 text NOT NULL,
        auth_result text NOT NULL,
        status text NOT NULL CHECK (status IN ('received', 'accepted', 'duplicate', 'disabled',
          'unauthenticated', 'rate-limited', 'invalid', 'failed')),
        outcome jsonb,
        completed_at timestamptz
      )`,
      `CREATE INDEX webhook_deliveries_retry_idx
         ON webhook_deliveries (integration_id, body_sha256, received_at)
         WHERE status = 'accepted'`,
      `CREATE INDEX webhook_deliveries_integration_idx
         ON webhook_deliveries (integration_id, received_at)`,
    ],
    ['DROP TABLE webhook_deliveries'],
  ),
  sqlMigration(
    'WebhookDeliveryQueue1764806400000',
    [
      // Accepted deliveries are the alert processor's queue, read in commit order like the event
      // log: (tx, seq) only ever grows past what a reader has seen once it is below every running
      // transaction. `alerts` holds what the intake mapped, so the processor parses nothing again.
      `ALTER TABLE webhook_deliveries
         ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY,
         ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
         ADD COLUMN alerts jsonb`,
      `CREATE INDEX webhook_deliveries_queue_idx ON webhook_deliveries (tx, seq)
         WHERE status = 'accepted'`,
      // Deliveries accepted before the queue existed were processed as they arrived.
      `INSERT INTO checkpoints (name, transaction_id, global_position)
         SELECT 'alert-processor', pg_current_xact_id(), coalesce(max(seq), 0) FROM webhook_deliveries
       ON CONFLICT (name) DO NOTHING`,
      // What processing made of each accepted delivery: written once, with the events it caused,
      // by the processor that read the delivery from the queue. No foreign key: its check would
      // lock (and so rewrite) every delivery row again, and the writer guarantees it anyway.
      `CREATE TABLE webhook_delivery_outcomes (
        delivery_id uuid PRIMARY KEY,
        status text NOT NULL CHECK (status IN ('processed', 'retry', 'failed')),
        outcome jsonb NOT NULL,
        processed_at timestamptz NOT NULL
      )`,
    ],
    [
      'DROP TABLE webhook_delivery_outcomes',
      `DELETE FROM checkpoints WHERE name = 'alert-processor'`,
      'ALTER TABLE webhook_deliveries DROP COLUMN seq, DROP COLUMN tx, DROP COLUMN alerts',
    ],
  ),
  sqlMigration(
    'WebhookDeliveryRetention1764979200000',
    [
      // Retention deletes by age (DELIVERY_RETENTION_DAYS). Rows are appended in about the order
      // they were received, so a BRIN index finds the old ones for next to nothing on insert.
      `CREATE INDEX webhook_deliveries_received_brin ON webhook_deliveries USING brin (received_at)`,
    ],
    ['DROP INDEX webhook_deliveries_received_brin'],
  ),
  sqlMigration(
    'WebhookDeliveryIntegrationUnlocked1765152000000',
    [
      // The intake records a delivery only for an integration it has just found, and integrations
      // are never deleted (only disabled), so the foreign key guarded nothing. Its check did cost:
      // every insert locked the integration's row FOR KEY SHARE (a WAL record, and a MultiXact
      // whenever two deliveries of one integration were in flight) on every delivery.
      `ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_integration_id_fkey`,
    ],
    [
      `ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_integration_id_fkey
         FOREIGN KEY (integration_id) REFERENCES integrations (id)`,
    ],
  ),
  sqlMigration(
    'WebhookDeliveryRetryKey1765497600000',
    [
      // A retry is the same integration, method, path, query, body and vendor delivery id
      // (retryKeyOf) within its source's window, no longer the same body for 24 h. Rows stored
      // before keep NULL: they are processed as before, but neither are nor have retries.
      `ALTER TABLE webhook_deliveries ADD COLUMN retry_key text, ADD COLUMN retry_until timestamptz`,
      `CREATE INDEX webhook_deliveries_retry_key_idx
         ON webhook_deliveries (retry_key, retry_until)
         WHERE status = 'accepted' AND retry_key IS NOT NULL`,
      `DROP INDEX webhook_deliveries_retry_idx`,
    ],
    [
      `CREATE INDEX webhook_deliveries_retry_idx
         ON webhook_deliveries (integration_id, body_sha256, received_at)
         WHERE status = 'accepted'`,
      'DROP INDEX webhook_deliveries_retry_key_idx',
      'ALTER TABLE webhook_deliveries DROP COLUMN retry_key, DROP COLUMN retry_until',
    ],
  ),
];
