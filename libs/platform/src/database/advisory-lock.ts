import { Client } from 'pg';

/** A lock's two keys: its class (who uses it) and its id within the class. */
export type AdvisoryLockKey = readonly [number, number];

/**
 * A PostgreSQL session-level advisory lock held on its own connection, outside the pool: a pooled
 * connection goes back to the pool (and a session lock with it) after every query. The lock is
 * released when the connection ends, so a crashed or partitioned holder frees it for a standby.
 */
export class AdvisoryLock {
  private client: Client | null = null;
  private held = false;

  /** `holder` names the connection (its `application_name`), so an operator can tell who holds it. */
  constructor(
    private readonly databaseUrl: string,
    private readonly key: AdvisoryLockKey,
    private readonly holder: string,
  ) {}

  get isHeld(): boolean {
    return this.held;
  }

  /**
   * True if this process holds the lock now. When it already did, the connection is checked with a
   * round trip, because a dropped connection (and so a lost lock) is only noticed on use.
   */
  async tryAcquire(): Promise<boolean> {
    try {
      const client = await this.connection();
      if (this.held) {
        await client.query('SELECT 1');
        return this.held;
      }
      const result = await client.query<{ acquired: boolean }>(
        'SELECT pg_try_advisory_lock($1, $2) AS acquired',
        [...this.key],
      );
      this.held = result.rows[0]?.acquired === true;
      return this.held;
    } catch (error) {
      await this.drop();
      throw error;
    }
  }

  /** Ends the connection, which releases the lock. */
  async release(): Promise<void> {
    await this.drop();
  }

  private async connection(): Promise<Client> {
    if (this.client) return this.client;
    const client = new Client({
      connectionString: this.databaseUrl,
      application_name: this.holder,
      keepAlive: true,
      connectionTimeoutMillis: 10_000,
    });
    const lost = (): void => {
      if (this.client !== client) return;
      this.client = null;
      this.held = false;
    };
    client.on('error', lost);
    client.on('end', lost);
    await client.connect();
    this.client = client;
    return client;
  }

  private async drop(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.held = false;
    if (client) await client.end().catch(() => undefined);
  }
}

/** A lock id derived from a name (a stable signed 32-bit hash), for one lock per name in a class. */
export function advisoryLockIdOf(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}
