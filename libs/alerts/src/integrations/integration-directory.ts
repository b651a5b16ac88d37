import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, DATABASE, type Clock, type Database } from '@sitrep/platform';
import type { Integration } from './integration';
import { integrationStore, type StoredCredential } from './integration.store';

/** An integration as the door needs it on every delivery: its settings and live credentials. */
export interface KnownIntegration {
  integration: Integration;
  /** Not revoked and not past their grace period when read; expiry is checked again on use. */
  credentials: readonly StoredCredential[];
}

/**
 * How long a read of an integration serves deliveries. A change made through this process
 * (disable, rotate) applies at once; one made through another replica within this long.
 */
export const INTEGRATION_CACHE_MS = 1_000;
const MAX_ENTRIES = 10_000;

type Entry = { readAt: number; value: Promise<KnownIntegration | undefined> };

/**
 * Integrations and their credentials, read at most once a second per integration instead of on
 * every delivery: a storm from one tool costs the database nothing for lookups. Unknown ids are
 * remembered too, so a flood at a wrong URL does not reach the database either.
 */
@Injectable()
export class IntegrationDirectory {
  private readonly entries = new Map<string, Entry>();

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  find(integrationId: string): Promise<KnownIntegration | undefined> {
    const now = Date.now();
    const entry = this.entries.get(integrationId);
    if (entry && now - entry.readAt < INTEGRATION_CACHE_MS) return entry.value;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const value = this.read(integrationId);
    this.entries.set(integrationId, { readAt: now, value });
    value.catch(() => this.entries.delete(integrationId));
    return value;
  }

  /** After a change through this process: the next delivery reads it afresh. */
  forget(integrationId: string): void {
    this.entries.delete(integrationId);
  }

  private async read(integrationId: string): Promise<KnownIntegration | undefined> {
    const integration = await integrationStore.find(this.db, integrationId);
    if (!integration) return undefined;
    const credentials = await integrationStore.activeCredentials(
      this.db,
      integrationId,
      this.clock.now(),
    );
    return { integration, credentials };
  }
}
