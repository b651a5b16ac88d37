import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOKEN_PREFIX = 'sitrep_';
const RANDOM_BYTES = 32;
const SHOWN_RANDOM_CHARS = 8;

export interface IssuedToken {
  token: string;
  /** The start of the token, kept in clear so people can tell their keys apart. */
  prefix: string;
  hash: string;
}

export function issueToken(): IssuedToken {
  const token = TOKEN_PREFIX + randomBytes(RANDOM_BYTES).toString('base64url');
  return {
    token,
    prefix: token.slice(0, TOKEN_PREFIX.length + SHOWN_RANDOM_CHARS),
    hash: hashToken(token),
  };
}

/**
 * A plain SHA-256 is enough here: the token carries 256 bits of randomness, so there is no
 * dictionary to try and nothing a slow hash (bcrypt, scrypt) would protect. A slow hash would only
 * cost CPU on every request and make an indexed lookup by hash impossible.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time string comparison; hashing first makes the inputs equal in length. */
export function sameSecret(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
