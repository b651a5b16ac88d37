import { sqlMigration, type Migrations } from '@sitrep/platform';

export const webhookDeliveryMigrations: Migrations = [
  sqlMigration(
    'WebhookDeliveries1764203200000',
    [
      // Written before a delivery is answered, refused ones included, and never deleted by the
      // intake: the audit trail of what each sender sent and what Sitrep made of it.
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
];
