import { GroupCommit } from './group-commit';

/** A write that the test finishes by hand, recording what each call took. */
function heldWrites() {
  const calls: { items: string[]; finish: (error?: Error) => void }[] = [];
  const write = (items: string[]) =>
    new Promise<void>((resolve, reject) => {
      calls.push({ items, finish: (error) => (error ? reject(error) : resolve()) });
    });
  return { calls, write };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('writes an item alone at once, and the ones that arrive meanwhile together next', async () => {
    const { calls, write } = heldWrites();
    const commits = new GroupCommit(write);
    const first = commits.submit('a');
    expect(calls.map((c) => c.items)).toEqual([['a']]);
    const later = [commits.submit('b'), commits.submit('c')];
    calls[0].finish();
    await first;
    await turn();
    expect(calls.map((c) => c.items)).toEqual([['a'], ['b', 'c']]);
    calls[1].finish();
    await Promise.all(later);
  });

  it('answers a submitter only once the write carrying its item is done', async () => {
    const { calls, write } = heldWrites();
    const commits = new GroupCommit(write);
    let answered = false;
    void commits.submit('a').then(() => (answered = true));
    await turn();
    expect(answered).toBe(false);
    calls[0].finish();
    await turn();
    expect(answered).toBe(true);
  });

  it('fails every item of a failed write with its error, and goes on with the next', async () => {
    const { calls, write } = heldWrites();
    const commits = new GroupCommit(write);
    const first = commits.submit('a');
    const second = [commits.submit('b'), commits.submit('c')];
    const boom = new Error('check constraint');
    calls[0].finish(boom);
    await expect(first).rejects.toBe(boom);
    await turn();
    calls[1].finish(boom);
    await expect(Promise.all(second)).rejects.toBe(boom);
    await expect(second[1]).rejects.toBe(boom);
    const third = commits.submit('d');
    expect(calls[2].items).toEqual(['d']);
    calls[2].finish();
    await third;
  });

  it('with gatherOneTurn, items submitted in the same turn share the first write', async () => {
    const { calls, write } = heldWrites();
    const commits = new GroupCommit(write, { gatherOneTurn: true });
    const all = [commits.submit('a'), commits.submit('b'), commits.submit('c')];
    expect(calls).toHaveLength(0);
    await turn();
    expect(calls.map((c) => c.items)).toEqual([['a', 'b', 'c']]);
    calls[0].finish();
    await Promise.all(all);
  });

  it('takes at most maxItems, and at most maxSize in total but always one item', async () => {
    const { calls, write } = heldWrites();
    const commits = new GroupCommit(write, {
      maxItems: 3,
      sizeOf: (item: string) => item.length,
      maxSize: 4,
    });
    const all = ['x', 'aaaaaa', 'b', 'c', 'd', 'e', 'f'].map((item) => commits.submit(item));
    for (let i = 0; i < 4; i++) {
      calls[i].finish();
      await turn();
    }
    expect(calls.map((c) => c.items)).toEqual([['x'], ['aaaaaa'], ['b', 'c', 'd'], ['e', 'f']]);
    await Promise.all(all);
  });
});
