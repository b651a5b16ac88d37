import { PollingLoop } from './polling-loop';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('PollingLoop', () => {
  afterEach(() => jest.useRealTimers());

  it('runs one pass at a time; wakes during a pass coalesce into one more pass right after', async () => {
    const gates = [deferred(), deferred()];
    let passes = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const loop = new PollingLoop(
      async () => {
        const gate = gates[passes++];
        concurrent += 1;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await gate?.promise;
        concurrent -= 1;
      },
      () => 60_000,
    );
    loop.start();
    loop.wake();
    loop.wake();
    loop.wake();
    expect(passes).toBe(1);
    gates[0].resolve();
    await new Promise((r) => setImmediate(r));
    expect(passes).toBe(2);
    gates[1].resolve();
    await loop.stop();
    expect(passes).toBe(2);
    expect(maxConcurrent).toBe(1);
  });

  it('waits the delay its owner picks after each pass, and stops scheduling once stopped', async () => {
    jest.useFakeTimers();
    const delays = [100, 5_000];
    let passes = 0;
    const loop = new PollingLoop(
      async () => {
        passes += 1;
      },
      () => delays[Math.min(passes - 1, 1)],
    );
    loop.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(passes).toBe(1);
    await jest.advanceTimersByTimeAsync(99);
    expect(passes).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(passes).toBe(2);
    await jest.advanceTimersByTimeAsync(4_999);
    expect(passes).toBe(2);
    await loop.stop();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(passes).toBe(2);
    expect(loop.isRunning).toBe(false);
  });

  it('does nothing when woken before start or after stop', async () => {
    let passes = 0;
    const loop = new PollingLoop(
      async () => {
        passes += 1;
      },
      () => 60_000,
    );
    loop.wake();
    expect(passes).toBe(0);
    loop.start();
    await loop.stop();
    loop.wake();
    expect(passes).toBe(1);
  });
});
