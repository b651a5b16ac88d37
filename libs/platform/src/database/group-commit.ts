export interface GroupCommitOptions<T> {
  /** Items one write takes at most (the rest wait for the next). */
  maxItems?: number;
  /** With maxSize: one write takes items up to this total size (always at least one item). */
  sizeOf?: (item: T) => number;
  maxSize?: number;
  /**
   * Let a write that starts from idle wait one turn of the event loop, so that items submitted
   * by work already under way (say, the other partitions of one Kafka fetch) join it. Off, an
   * item that finds no write under way is written at once, alone.
   */
  gatherOneTurn?: boolean;
}

type Waiting<T> = { item: T; done: () => void; failed: (error: unknown) => void };

/**
 * Group commit: items submitted while a write is under way wait for the next write, which takes
 * them all at once (one statement, one transaction), so a busy writer makes few big writes
 * instead of many small ones. One write at a time. Each submitter hears back only after the write
 * that carried its item committed, or with that write's error.
 */
export class GroupCommit<T> {
  private waiting: Waiting<T>[] = [];
  private writing = false;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly options: GroupCommitOptions<T> = {},
  ) {}

  submit(item: T): Promise<void> {
    return new Promise<void>((done, failed) => {
      this.waiting.push({ item, done, failed });
      if (this.writing) return;
      this.writing = true;
      if (this.options.gatherOneTurn) setImmediate(() => void this.drain());
      else void this.drain();
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const batch = this.take();
        try {
          await this.write(batch.map((w) => w.item));
        } catch (error) {
          for (const w of batch) w.failed(error);
          continue;
        }
        for (const w of batch) w.done();
      }
    } finally {
      this.writing = false;
    }
  }

  private take(): Waiting<T>[] {
    const { maxItems = Infinity, sizeOf, maxSize = Infinity } = this.options;
    let size = 0;
    let count = 0;
    while (count < this.waiting.length && count < maxItems) {
      size += sizeOf ? sizeOf(this.waiting[count].item) : 0;
      if (count > 0 && size > maxSize) break;
      count += 1;
    }
    return this.waiting.splice(0, count);
  }
}
