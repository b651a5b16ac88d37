import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { SITREP_CONFIG, type SitrepConfig } from '../config/sitrep.config';
import { DATABASE, type Database, type Sql } from '../database/sql';
import { ENV_ADMIN_PRINCIPAL, type Principal, type Scope } from './api-key.scopes';
import { hashToken, issueToken, sameSecret } from './api-key.token';

export interface NewApiKey {
  name: string;
  scopes: Scope[];
  createdBy: string;
}

export interface CreatedApiKey {
  id: string;
  name: string;
  scopes: Scope[];
  /** The only time the full token exists outside the caller's hands: it is stored hashed. */
  token: string;
  prefix: string;
  createdAt: Date;
}

export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdAt: Date;
  createdBy: string;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  created_at: Date;
  created_by: string;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/** Serialises bootstrap across processes starting at once (the migration lock is 7_346_100_001). */
const BOOTSTRAP_LOCK_KEY = 7_346_100_002;
const TOUCH_INTERVAL_MS = 60_000;
export const BOOTSTRAP_ADMIN_NAME = 'bootstrap-admin';

@Injectable()
export class ApiKeyService {
  private readonly logger = new Logger(ApiKeyService.name);
  private readonly lastTouched = new Map<string, number>();

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(SITREP_CONFIG) private readonly config: Pick<SitrepConfig, 'adminToken'>,
  ) {}

  create(key: NewApiKey): Promise<CreatedApiKey> {
    return this.insert(this.db, key);
  }

  async list(): Promise<ApiKeySummary[]> {
    const rows = await this.db.query<ApiKeyRow>(
      `SELECT id, name, prefix, scopes, created_at, created_by, last_used_at, revoked_at
         FROM api_keys ORDER BY created_at, id`,
    );
    return rows.map(toSummary);
  }

  /** Returns false when no key has this id. Revoking twice keeps the first revocation time. */
  async revoke(id: string): Promise<boolean> {
    const rows = await this.db.query<{ id: string }>(
      'UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING id',
      [id],
    );
    return rows.length > 0;
  }

  async authenticate(token: string): Promise<Principal | null> {
    if (this.config.adminToken && sameSecret(token, this.config.adminToken)) {
      return { ...ENV_ADMIN_PRINCIPAL, scopes: [...ENV_ADMIN_PRINCIPAL.scopes] };
    }
    const [row] = await this.db.query<{ id: string; name: string; scopes: Scope[] }>(
      'SELECT id, name, scopes FROM api_keys WHERE hash = $1 AND revoked_at IS NULL',
      [hashToken(token)],
    );
    if (!row) return null;
    this.touch(row.id);
    return { keyId: row.id, name: row.name, scopes: row.scopes };
  }

  /**
   * Without SITREP_ADMIN_TOKEN nobody could call the API to create the first key, so the first
   * start creates one and prints it once. The advisory lock makes concurrent starts agree on one.
   */
  async ensureBootstrapAdmin(): Promise<CreatedApiKey | null> {
    if (this.config.adminToken) return null;
    const created = await this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK_KEY]);
      const [admin] = await tx.query(
        `SELECT 1 FROM api_keys WHERE revoked_at IS NULL AND 'admin' = ANY(scopes) LIMIT 1`,
      );
      if (admin) return null;
      return this.insert(tx, {
        name: BOOTSTRAP_ADMIN_NAME,
        scopes: ['admin'],
        createdBy: 'bootstrap',
      });
    });
    // Logged only after commit, so a printed token always exists.
    if (created) {
      this.logger.warn(
        `No SITREP_ADMIN_TOKEN is set and no admin API key exists, so one was created. ` +
          `Store it now: it is shown only this once.\n\n    ${created.token}\n\n` +
          `Use it as "Authorization: Bearer <token>" and create narrower keys with POST /api/v1/api-keys.`,
      );
    }
    return created;
  }

  private async insert(sql: Sql, key: NewApiKey): Promise<CreatedApiKey> {
    const { token, prefix, hash } = issueToken();
    const scopes = [...new Set(key.scopes)];
    const [row] = await sql.query<{ id: string; created_at: Date }>(
      `INSERT INTO api_keys (id, name, prefix, hash, scopes, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, created_at`,
      [randomUUID(), key.name, prefix, hash, scopes, key.createdBy],
    );
    return { id: row.id, name: key.name, scopes, token, prefix, createdAt: row.created_at };
  }

  /**
   * last_used_at is for people auditing keys, not for access control, so it is written at most
   * once a minute per key and never on the request's path: a failed write is only logged.
   */
  private touch(keyId: string): void {
    const now = Date.now();
    if (now - (this.lastTouched.get(keyId) ?? 0) < TOUCH_INTERVAL_MS) return;
    this.lastTouched.set(keyId, now);
    this.db
      .query(
        `UPDATE api_keys SET last_used_at = now()
          WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
        [keyId],
      )
      .catch((error: unknown) =>
        this.logger.warn(`Could not record use of API key ${keyId}: ${String(error)}`),
      );
  }
}

function toSummary(row: ApiKeyRow): ApiKeySummary {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    createdAt: row.created_at,
    createdBy: row.created_by,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}
