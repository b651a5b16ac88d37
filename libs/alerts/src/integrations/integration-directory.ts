import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CLOCK, DATABASE, PollingLoop, type Clock, type Database } from '@sitrep/platform';
import type { Integration } from './integration';
import { integrationStore, type StoredCredential } from './integration.store';

/** An integration as the intake needs it on every delivery: its settings and live credentials. */
export interface KnownIntegration {
  integration: Integration;
  /** Not revoked and not past their grace period when read; expiry is checked again on use. */
  credentials: readonly StoredCredential[];
}

/**
 * How old a read of an integration may be when it serves a delivery. A change made through this
 * process (disable, rotate) applies at once; one made through another replica within this long.
 */
export const INTEGRATION_CACHE_MS = 1_000;
/** Integrations in use are read again together this often, so their reads never grow that old. */
export const INTEGRATION_REFRESH_MS = INTEGRATION_CACHE_MS / 2;
/** An integration unused for this long is forgotten (and read afresh when it sends again). */
const UNUSED_MS = 60_000;
const MAX_ENTRIES = 10_000;

type Entry = { readAt: number; usedAt: number; value: Promise<KnownIntegration | undefined> };

/**
 * Integrations and their credentials for the intake. The first delivery of an integration reads it;
 * from then on, every INTEGRATION_REFRESH_MS in the background, the directory asks whether any
 * integration or credential changed (the integration revision, one row) and, only if so, reads
 * every integration in use again in one pair of queries. So a delivery finds a read younger than
 * INTEGRATION_CACHE_MS and waits for no database, and a storm from thousands of integrations
 * costs one small query per half second. Unknown ids are remembered too, so a flood at a wrong
 * URL does not reach the database.
 */
@Injectable()
export class IntegrationDirectory implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly entries = new Map<string, Entry>();
  /** The integration revision the last full refresh read before reading the integrations. */
  private revision: string | null = null;
  private readonly refresher = new PollingLoop(
    () => this.refreshQuietly(),
    () => INTEGRATION_REFRESH_MS,
  );

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.refresher.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.refresher.stop();
  }

  find(integrationId: string): Promise<KnownIntegration | undefined> {
    const id = integrationId.toLowerCase();
    const now = Date.now();
    const entry = this.entries.get(id);
    if (entry && now - entry.readAt < INTEGRATION_CACHE_MS) {
      entry.usedAt = now;
      return entry.value;
    }
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    const value = this.read([id]).then((found) => found.get(id));
    this.entries.set(id, { readAt: now, usedAt: now, value });
    value.catch(() => this.entries.delete(id));
    return value;
  }

  /** After a change through this process: the next delivery reads it afresh. */
  forget(integrationId: string): void {
    this.entries.delete(integrationId.toLowerCase());
  }

  /**
   * Brings every integration used lately up to date, and forgets those unused for a while: when
   * nothing changed since the last refresh, what is known is current; otherwise all of them are
   * read again in one go. The revision is read first, so the reads are at least that new. A read
   * that fails leaves the entries as they were: they age out, and deliveries read alone.
   */
  async refresh(): Promise<void> {
    const now = Date.now();
    const ids: string[] = [];
    for (const [id, entry] of this.entries) {
      if (now - entry.usedAt > UNUSED_MS) this.entries.delete(id);
      else ids.push(id);
    }
    if (ids.length === 0) return;
    const revision = await integrationStore.revision(this.db);
    const found = revision === this.revision ? null : await this.read(ids);
    for (const id of ids) {
      const entry = this.entries.get(id);
      // Forgotten meanwhile (a change through this process): its next delivery reads it anew.
      if (!entry || entry.readAt > now) continue;
      entry.readAt = now;
      if (found) entry.value = Promise.resolve(found.get(id));
    }
    this.revision = revision;
  }

  private async refreshQuietly(): Promise<void> {
    await this.refresh().catch(() => undefined);
  }

  private async read(ids: readonly string[]): Promise<Map<string, KnownIntegration>> {
    const [integrations, credentials] = await Promise.all([
      integrationStore.findMany(this.db, ids),
      integrationStore.activeCredentialsOf(this.db, ids, this.clock.now()),
    ]);
    return new Map(
      integrations.map((integration) => [
        integration.integrationId,
        { integration, credentials: credentials.get(integration.integrationId) ?? [] },
      ]),
    );
  }
}
