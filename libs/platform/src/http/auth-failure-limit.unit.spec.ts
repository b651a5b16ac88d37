import { FailureWindows } from './auth-failure-limit';

describe('failure windows', () => {
  it('holds a key back for the rest of its window once it spent its budget, then lets it try again', () => {
    let now = 1_000_000;
    const windows = new FailureWindows(60_000, () => now);
    for (let n = 0; n < 3; n += 1) {
      expect(windows.retryAfter('client:a', 3)).toBeNull();
      windows.fail('client:a');
    }
    expect(windows.retryAfter('client:a', 3)).toBe(60);
    expect(windows.retryAfter('client:b', 3)).toBeNull();
    now += 45_500;
    expect(windows.retryAfter('client:a', 3)).toBe(15);
    now += 14_500;
    expect(windows.retryAfter('client:a', 3)).toBeNull();
    windows.fail('client:a');
    expect(windows.retryAfter('client:a', 3)).toBeNull();
  });
});
