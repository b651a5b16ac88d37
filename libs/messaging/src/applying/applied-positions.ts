const RECENT_LIMIT = 10_000;

/**
 * Which global positions a consumer has recently applied (or passed) and which it parked, for
 * callers waiting to read their own writes.
 */
export class AppliedPositions {
  private readonly recent = new Map<number, boolean>();
  private readonly waiters = new Map<number, Array<(ok: boolean) => void>>();

  /** True once `globalPosition` is applied or passed; false if it was parked, or on timeout. */
  waitFor(globalPosition: number, timeoutMs: number): Promise<boolean> {
    const known = this.recent.get(globalPosition);
    if (known !== undefined) return Promise.resolve(known);
    return new Promise((resolve) => {
      const timeout = setTimeout(() => resolve(false), timeoutMs);
      const list = this.waiters.get(globalPosition) ?? [];
      list.push((ok) => {
        clearTimeout(timeout);
        resolve(ok);
      });
      this.waiters.set(globalPosition, list);
    });
  }

  release(globalPosition: number, ok: boolean): void {
    this.recent.set(globalPosition, ok);
    if (this.recent.size > RECENT_LIMIT) dropOldest(this.recent, RECENT_LIMIT / 10);
    const list = this.waiters.get(globalPosition);
    if (!list) return;
    this.waiters.delete(globalPosition);
    list.forEach((done) => done(ok));
  }
}

/**
 * Deletes the `count` oldest entries of a Map in one pass. Deleting the first key one at a time
 * after every insert is quadratic in V8 (the iterator walks over the holes deletes leave until the
 * table is rehashed): it was the worker's hottest function under an alert storm.
 */
function dropOldest<K, V>(map: Map<K, V>, count: number): void {
  for (const key of map.keys()) {
    if (count-- <= 0) return;
    map.delete(key);
  }
}
