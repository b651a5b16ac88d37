import { mayHoldUnstorable, storableJson, unstorablePath } from './storable-text';

describe('storableJson', () => {
  const stored = (value: unknown) => JSON.parse(storableJson(JSON.stringify(value))) as unknown;

  it('replaces NUL and unpaired surrogates with U+FFFD, in values and keys', () => {
    expect(stored({ a: 'x\u0000y', ['k\u0000']: ['\ud800', 'z\udc00', '\udbff!'] })).toEqual({
      a: 'x\ufffdy',
      ['k\ufffd']: ['\ufffd', 'z\ufffd', '\ufffd!'],
    });
  });

  it('keeps paired surrogates, other escapes and escaped backslashes', () => {
    const value = { emoji: '\ud83d\ude00', go: '<a&b>', tab: '\t\u0001', text: '\\u0000 \\ud800' };
    expect(stored(value)).toEqual(value);
    expect(storableJson(JSON.stringify(value))).toBe(JSON.stringify(value));
  });

  it('replaces a NUL right after an escaped backslash', () => {
    expect(stored({ a: '\\\u0000' })).toEqual({ a: '\\\ufffd' });
  });

  it('leaves text without any such escape alone', () => {
    const json = JSON.stringify({ a: 'plain', b: '\u003c' });
    expect(mayHoldUnstorable(json)).toBe(false);
    expect(storableJson(json)).toBe(json);
  });
});

describe('unstorablePath', () => {
  it('names the first string or key PostgreSQL cannot store', () => {
    expect(unstorablePath({ a: 'ok', b: [{ c: 'x\u0000' }] })).toBe('b.0.c');
    expect(unstorablePath({ a: { ['k\ud800']: 1 } })).toBe('a.k\ud800');
    expect(unstorablePath('\udc00')).toBe('');
  });

  it('finds nothing in storable values, paired surrogates included', () => {
    expect(unstorablePath({ a: '\ud83d\ude00', b: [1, null, true, { c: 'é' }] })).toBeNull();
  });
});
