import type { Sql } from '@sitrep/platform';
import type { IntegrationSettings } from '../alert-pipeline.port';
import {
  webhookPathOf,
  type AuthMode,
  type CredentialKind,
  type CredentialSummary,
  type Integration,
} from './integration';

interface IntegrationRow {
  id: string;
  source: string;
  name: string;
  response_plan_id: string | null;
  open_as: IntegrationSettings['openAs'];
  grouping_window_seconds: number;
  auto_resolve: IntegrationSettings['autoResolve'];
  reopen_window_seconds: number;
  auth_mode: AuthMode;
  enabled: boolean;
  mapping: unknown;
  signature_headers: Integration['signatureHeaders'] | null;
  service_from: string[] | null;
  created_at: Date;
  disabled_at: Date | null;
}

export interface StoredCredential {
  id: string;
  kind: CredentialKind;
  secretHash: string | null;
  secretEncrypted: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export interface NewCredential {
  id: string;
  kind: CredentialKind;
  secretHash?: string;
  secretEncrypted?: string;
}

const COLUMNS = `id, source, name, response_plan_id, open_as, grouping_window_seconds, auto_resolve,
  reopen_window_seconds, auth_mode, enabled, mapping, created_at, disabled_at, signature_headers,
  service_from`;

/** SQL for integrations and their credentials; no rules here, only rows. */
export const integrationStore = {
  async insert(sql: Sql, integration: Integration): Promise<void> {
    const i = integration;
    await sql.query(
      `INSERT INTO integrations (${COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, NULL, $13, $14)`,
      [
        i.integrationId,
        i.source,
        i.name,
        i.responsePlanId ?? null,
        i.openAs,
        i.groupingWindowSeconds,
        i.autoResolve,
        i.reopenWindowSeconds,
        i.authMode,
        i.enabled,
        i.mapping === undefined ? null : JSON.stringify(i.mapping),
        i.createdAt,
        i.signatureHeaders === undefined ? null : JSON.stringify(i.signatureHeaders),
        i.serviceFrom === undefined ? null : JSON.stringify(i.serviceFrom),
      ],
    );
  },

  async find(sql: Sql, id: string): Promise<Integration | undefined> {
    const rows = await sql.query<IntegrationRow>(
      `SELECT ${COLUMNS} FROM integrations WHERE id = $1`,
      [id],
    );
    return rows[0] && toIntegration(rows[0]);
  },

  async findMany(sql: Sql, ids: readonly string[]): Promise<Integration[]> {
    const rows = await sql.query<IntegrationRow>(
      `SELECT ${COLUMNS} FROM integrations WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map(toIntegration);
  },

  async list(sql: Sql): Promise<Integration[]> {
    const rows = await sql.query<IntegrationRow>(
      `SELECT ${COLUMNS} FROM integrations ORDER BY created_at, id`,
    );
    return rows.map(toIntegration);
  },

  async setEnabled(sql: Sql, id: string, enabled: boolean, at: Date): Promise<boolean> {
    const rows = await sql.query(
      `UPDATE integrations
          SET enabled = $2, disabled_at = CASE WHEN $2 THEN NULL ELSE coalesce(disabled_at, $3) END
        WHERE id = $1 RETURNING id`,
      [id, enabled, at],
    );
    return rows.length > 0;
  },

  async insertCredential(sql: Sql, integrationId: string, c: NewCredential, at: Date) {
    await sql.query(
      `INSERT INTO integration_credentials
         (id, integration_id, kind, secret_hash, secret_encrypted, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [c.id, integrationId, c.kind, c.secretHash ?? null, c.secretEncrypted ?? null, at],
    );
  },

  /** Moves with every change to integrations or credentials (a trigger; see the migrations). */
  async revision(sql: Sql): Promise<string> {
    const [row] = await sql.query<{ value: string }>(
      `SELECT value::text AS value FROM integration_revision`,
    );
    return row.value;
  },

  /** Per integration, its credentials that still work at `now`: not revoked, not past their grace period. */
  async activeCredentialsOf(
    sql: Sql,
    integrationIds: readonly string[],
    now: Date,
  ): Promise<Map<string, StoredCredential[]>> {
    const rows = await sql.query<Record<string, unknown>>(
      `SELECT integration_id, id, kind, secret_hash, secret_encrypted, created_at, expires_at,
              revoked_at
         FROM integration_credentials
        WHERE integration_id = ANY($1::uuid[]) AND revoked_at IS NULL
          AND (expires_at IS NULL OR expires_at > $2)
        ORDER BY created_at DESC, id`,
      [integrationIds, now],
    );
    const byIntegration = new Map<string, StoredCredential[]>(integrationIds.map((id) => [id, []]));
    for (const r of rows) {
      byIntegration.get(r.integration_id as string)?.push({
        id: r.id as string,
        kind: r.kind as CredentialKind,
        secretHash: r.secret_hash as string | null,
        secretEncrypted: r.secret_encrypted as string | null,
        createdAt: r.created_at as Date,
        expiresAt: r.expires_at as Date | null,
        revokedAt: r.revoked_at as Date | null,
      });
    }
    return byIntegration;
  },

  async credentialSummaries(sql: Sql, integrationId: string): Promise<CredentialSummary[]> {
    const rows = await sql.query<Record<string, unknown>>(
      `SELECT id, kind, created_at, expires_at, revoked_at FROM integration_credentials
        WHERE integration_id = $1 ORDER BY created_at, id`,
      [integrationId],
    );
    return rows.map((r) => ({
      id: r.id as string,
      kind: r.kind as CredentialKind,
      createdAt: r.created_at as Date,
      expiresAt: (r.expires_at as Date | null) ?? undefined,
      revokedAt: (r.revoked_at as Date | null) ?? undefined,
    }));
  },

  /** Starts the grace period of every other live credential; never extends one. */
  async expireAllExcept(sql: Sql, integrationId: string, keep: string[], expiresAt: Date) {
    await sql.query(
      `UPDATE integration_credentials SET expires_at = $3
        WHERE integration_id = $1 AND NOT (id = ANY($2::uuid[])) AND revoked_at IS NULL
          AND (expires_at IS NULL OR expires_at > $3)`,
      [integrationId, keep, expiresAt],
    );
  },
};

function toIntegration(row: IntegrationRow): Integration {
  return {
    integrationId: row.id,
    source: row.source,
    name: row.name,
    responsePlanId: row.response_plan_id ?? undefined,
    openAs: row.open_as,
    groupingWindowSeconds: row.grouping_window_seconds,
    autoResolve: row.auto_resolve,
    reopenWindowSeconds: row.reopen_window_seconds,
    authMode: row.auth_mode,
    enabled: row.enabled,
    mapping: row.mapping ?? undefined,
    ...(row.signature_headers ? { signatureHeaders: row.signature_headers } : {}),
    ...(row.service_from ? { serviceFrom: row.service_from } : {}),
    createdAt: row.created_at,
    disabledAt: row.disabled_at ?? undefined,
    webhookPath: webhookPathOf(row.source, row.id),
  };
}
