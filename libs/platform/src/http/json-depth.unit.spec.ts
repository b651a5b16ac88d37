import { JSON_MAX_DEPTH, jsonNestsDeeperThan } from './json-depth';

const nested = (levels: number) => '{"a":['.repeat(levels / 2) + '1' + ']}'.repeat(levels / 2);

describe('jsonNestsDeeperThan', () => {
  it('lets JSON nest up to the limit, and no deeper', () => {
    expect(jsonNestsDeeperThan(nested(JSON_MAX_DEPTH))).toBe(false);
    expect(jsonNestsDeeperThan(nested(JSON_MAX_DEPTH + 2))).toBe(true);
    expect(jsonNestsDeeperThan('['.repeat(65) + ']'.repeat(65))).toBe(true);
    expect(jsonNestsDeeperThan('['.repeat(500_000))).toBe(true);
  });

  it('counts depth, not brackets: many side by side are shallow', () => {
    const wide = JSON.stringify({ alerts: Array.from({ length: 1000 }, () => ({ labels: {} })) });
    expect(jsonNestsDeeperThan(wide)).toBe(false);
  });

  it('does not count brackets in strings, escaped quotes included', () => {
    const text = JSON.stringify({ a: '[[[["{{{', b: [{ c: '\\', d: '"[[' }] });
    expect(JSON.parse(text)).toBeTruthy();
    expect(jsonNestsDeeperThan(text, 3)).toBe(false);
    expect(jsonNestsDeeperThan(text, 2)).toBe(true);
    const strings = JSON.stringify(['['.repeat(100), '{'.repeat(100)]);
    expect(jsonNestsDeeperThan(strings, 1)).toBe(false);
  });

  it('leaves text that is not JSON to JSON.parse', () => {
    expect(jsonNestsDeeperThan('')).toBe(false);
    expect(jsonNestsDeeperThan('{"a": "never closed [[[[')).toBe(false);
  });
});
