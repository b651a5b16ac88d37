import { BadRequestException } from '@nestjs/common';

const ETAG = /^(?:W\/)?"(\d{1,15})"$/;

/** `If-Match: "3"` → 3; absent or `*` → undefined; anything else is a client error. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = ETAG.exec(header.trim());
  if (!match) {
    throw new BadRequestException({
      code: 'INVALID_IF_MATCH',
      message: 'If-Match must be an entity tag such as "3" (the incident version from its ETag)',
    });
  }
  return Number(match[1]);
}

export function etagOf(version: number): string {
  return `"${version}"`;
}
