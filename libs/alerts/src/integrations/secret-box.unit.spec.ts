import { randomBytes } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateSecretsKey, SecretBox, secretsKeyFromConfig } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('opens what it sealed, for the same context only', () => {
    const sealed = box.seal('grafana-hmac-secret', 'integration:a:credential:b');
    expect(sealed).not.toContain('grafana-hmac-secret');
    expect(box.open(sealed, 'integration:a:credential:b')).toBe('grafana-hmac-secret');
    expect(() => box.open(sealed, 'integration:x:credential:b')).toThrow();
  });

  it('does not open with another key', () => {
    const sealed = box.seal('secret', 'ctx');
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'ctx')).toThrow();
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('the secrets key', () => {
  it('is generated once into the embedded data directory, readable by the owner only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sitrep-key-'));
    const first = loadOrCreateSecretsKey(dir);
    expect(first).toHaveLength(32);
    expect(loadOrCreateSecretsKey(dir).equals(first)).toBe(true);
    expect(statSync(join(dir, 'secrets.key')).mode & 0o777).toBe(0o600);
  });

  it('comes from SITREP_SECRETS_KEY, and is required with a server database', () => {
    const key = randomBytes(32);
    const fromEnv = secretsKeyFromConfig({
      secretsKey: key.toString('base64'),
      database: { url: 'postgres://x', dataDir: '/nonexistent' },
    });
    expect(fromEnv.equals(key)).toBe(true);
    expect(() =>
      secretsKeyFromConfig({ database: { url: 'postgres://x', dataDir: '/nonexistent' } }),
    ).toThrow(/SITREP_SECRETS_KEY/);
  });
});
