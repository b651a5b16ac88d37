/** RFC 6901 JSON Pointer: `''` is the whole document, `/a/0/b~1c` walks keys and indexes. */
export function isJsonPointer(pointer: unknown): pointer is string {
  return (
    typeof pointer === 'string' &&
    (pointer === '' || (pointer.startsWith('/') && !/~[^01]|~$/.test(pointer)))
  );
}

export function resolvePointer(document: unknown, pointer: string): unknown {
  if (pointer === '') return document;
  let current = document;
  for (const token of pointer.slice(1).split('/')) {
    const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current) && /^\d+$/.test(key)) current = current[Number(key)];
    else if (typeof current === 'object' && current !== null && Object.hasOwn(current, key)) {
      current = (current as Record<string, unknown>)[key];
    } else return undefined;
  }
  return current;
}
