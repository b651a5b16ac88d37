import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, DATABASE, type Clock, type Database } from '@sitrep/platform';
import { INTEGRATION_CACHE_MS } from './integration-directory';
import { sealContext } from './integration-credentials';
import { integrationStore } from './integration.store';
import { SECRET_BOX, type SecretBox } from './secret-box';

const digest = (key: string) => createHash('sha256').update(key, 'utf8').digest('hex');

/**
 * Which integration of a source a vendor key belongs to, for senders that post to one URL and say
 * who they are by a key in the body (PagerDuty's routing key on `POST /v2/enqueue`). Vendor keys
 * are stored encrypted, so the index (by their SHA-256) is built by opening them, and built again
 * only when the integration revision moved. A miss asks for the revision (one row; misses arriving
 * meanwhile share the question), so a flood of unknown keys does not reach the integrations, and a
 * hit is rechecked the same way once its read is INTEGRATION_CACHE_MS old (a rotated-out key).
 */
@Injectable()
export class VendorKeyDirectory {
  private readonly indexes = new Map<string, Map<string, string>>();
  private revision: string | null = null;
  private checkedAt = -Infinity;
  private checking: Promise<void> | null = null;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
  ) {}

  /** The id of the integration of `source` holding this live vendor key, if any. */
  async find(source: string, key: string): Promise<string | undefined> {
    const hash = digest(key);
    const known = this.indexes.get(source)?.get(hash);
    if (known && Date.now() - this.checkedAt < INTEGRATION_CACHE_MS) return known;
    this.checking ??= this.refresh().finally(() => (this.checking = null));
    await this.checking;
    return this.indexes.get(source)?.get(hash);
  }

  private async refresh(): Promise<void> {
    const revision = await integrationStore.revision(this.db);
    this.checkedAt = Date.now();
    if (revision === this.revision) return;
    const integrations = await integrationStore.list(this.db);
    const ids = integrations.map((i) => i.integrationId);
    const credentials = await integrationStore.activeCredentialsOf(this.db, ids, this.clock.now());
    const indexes = new Map<string, Map<string, string>>();
    for (const { integrationId, source } of integrations) {
      for (const c of credentials.get(integrationId) ?? []) {
        if (c.kind !== 'vendor-key' || c.secretEncrypted === null) continue;
        const key = this.opened(integrationId, c.id, c.secretEncrypted);
        if (key === undefined) continue;
        const index = indexes.get(source) ?? new Map<string, string>();
        index.set(digest(key), integrationId);
        indexes.set(source, index);
      }
    }
    this.indexes.clear();
    for (const [source, index] of indexes) this.indexes.set(source, index);
    this.revision = revision;
  }

  /** A key sealed under another SITREP_SECRETS_KEY cannot be anyone's: it is left out. */
  private opened(integrationId: string, credentialId: string, sealed: string): string | undefined {
    try {
      return this.box.open(sealed, sealContext(integrationId, credentialId));
    } catch {
      return undefined;
    }
  }
}
