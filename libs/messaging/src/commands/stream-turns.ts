/**
 * Commands on one stream in this process take turns. Racing each other they mostly conflict: each
 * round of N writers lets one append through and sends the other N−1 back to read and decide
 * again, so many notes at once on one incident cost many reads and failed appends and could run
 * past the retry budget on a loaded machine. In turn, each reads the stream its predecessor left
 * and appends once; version conflicts remain only with other processes (another api, the alert
 * processor), which the runner's retry absorbs (test/concurrent-writes.e2e-spec.ts).
 */
export class StreamTurns {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly tooLong: (key: string) => Error) {}

  /** Runs `work` once every earlier turn on `key` is over, or fails if that takes `maxWaitMs`. */
  async take<T>(key: string, maxWaitMs: number, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let done!: () => void;
    const turn = new Promise<void>((resolve) => (done = resolve));
    // A waiter that gives up ends its turn early; the next still waits for `previous`.
    const tail = previous.then(() => turn);
    this.tails.set(key, tail);
    try {
      if (!(await settlesWithin(previous, maxWaitMs))) throw this.tooLong(key);
      return await work();
    } finally {
      done();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

async function settlesWithin(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => (timer = setTimeout(resolve, ms, false)));
  try {
    return await Promise.race([promise.then(() => true), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
