import { setTimeout as sleep } from 'node:timers/promises';
import { StreamTurns } from './stream-turns';

describe('writers of one stream taking turns', () => {
  const turns = () => new StreamTurns((key) => new Error(`too long for ${key}`));

  it('runs the work on one stream one at a time, in the order asked', async () => {
    const queue = turns();
    const log: string[] = [];
    const step = (name: string) => async () => {
      log.push(`${name} in`);
      await sleep(5);
      log.push(`${name} out`);
      return name;
    };

    const done = await Promise.all(['a', 'b', 'c'].map((n) => queue.take('s', 1_000, step(n))));

    expect(done).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out']);
  });

  it('lets other streams through meanwhile', async () => {
    const queue = turns();
    let release!: () => void;
    const held = queue.take('s1', 1_000, () => new Promise<void>((r) => (release = r)));

    await expect(queue.take('s2', 1_000, async () => 'other')).resolves.toBe('other');
    release();
    await held;
  });

  it('a writer that waits too long gives up, and the next still waits for the one working', async () => {
    const queue = turns();
    let release!: () => void;
    let working = true;
    const held = queue.take('s', 1_000, async () => {
      await new Promise<void>((r) => (release = r));
      working = false;
    });

    const impatient = queue.take('s', 20, async () => 'never');
    const patient = queue.take('s', 1_000, async () => working);

    await expect(impatient).rejects.toThrow('too long for s');
    release();
    await expect(patient).resolves.toBe(false);
    await held;
  });

  it('a failed turn passes on to the next', async () => {
    const queue = turns();
    const failed = queue.take('s', 1_000, async () => Promise.reject(new Error('boom')));
    const next = queue.take('s', 1_000, async () => 'next');

    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('next');
  });
});
