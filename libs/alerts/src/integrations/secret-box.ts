import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ALGORITHM = 'aes-256-gcm';
const VERSION = 'v1';

/**
 * AES-256-GCM for the secrets the server must read back (HMAC signing secrets, vendor keys).
 * Stored as `v1.<iv>.<tag>.<ciphertext>` (base64url); the integration id is bound in as additional
 * data, so a ciphertext copied onto another integration's row does not decrypt.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('The secrets key must be 32 bytes (AES-256)');
    this.key = Buffer.from(key);
  }

  static fromBase64(value: string): SecretBox {
    return new SecretBox(Buffer.from(value, 'base64'));
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv(ALGORITHM, this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), data]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  open(sealed: string, context: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || data === undefined) {
      throw new Error('Unknown sealed secret format');
    }
    const decipher = createDecipheriv(ALGORITHM, this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(data, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }
}

/**
 * The embedded default: a key generated once into the data directory (mode 0600). A server
 * deployment sets SITREP_SECRETS_KEY instead, so every replica shares one key.
 */
export function loadOrCreateSecretsKey(dataDir: string): Buffer {
  const file = join(dataDir, 'secrets.key');
  try {
    return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}

export const SECRET_BOX = Symbol('sitrep.integration-secret-box');

/** The parts of SitrepConfig the key comes from (`secretsKey` once SITREP_SECRETS_KEY exists). */
export interface SecretsKeyConfig {
  secretsKey?: string;
  database: { url?: string; dataDir: string };
}

/**
 * SITREP_SECRETS_KEY (base64, 32 bytes) when set. Without it, the embedded mode generates one
 * into its data directory; a server deployment must set it, since replicas must share the key.
 */
export function secretsKeyFromConfig(config: SecretsKeyConfig): Buffer {
  if (config.secretsKey) return Buffer.from(config.secretsKey, 'base64');
  if (config.database.url) {
    throw new Error('SITREP_SECRETS_KEY is required with DATABASE_URL (openssl rand -base64 32)');
  }
  return loadOrCreateSecretsKey(config.database.dataDir);
}
