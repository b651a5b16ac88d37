import { KeyedMutex } from './keyed-mutex';

describe('running tasks one key at a time', () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('never overlaps tasks of one key, and lets other keys run meanwhile', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const task = (name: string, ms: number) => async () => {
      log.push(`${name} start`);
      await sleep(ms);
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([
      mutex.run('a', task('a1', 20)),
      mutex.run('a', task('a2', 1)),
      mutex.run('b', task('b1', 1)),
    ]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(log.indexOf('a2 start')).toBeGreaterThan(log.indexOf('a1 end'));
    expect(log.indexOf('b1 end')).toBeLessThan(log.indexOf('a1 end'));
  });

  it('a failing task does not block the next one of its key', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.run('a', async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    await expect(mutex.run('a', async () => 'next')).resolves.toBe('next');
  });
});
