import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const compose = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
/** The file without its comments: what Docker Compose reads. */
const settings = compose
  .split('\n')
  .filter((line) => !line.trimStart().startsWith('#'))
  .join('\n');

describe('docker-compose.yml, as someone runs it on a machine others can reach', () => {
  it('publishes every port on the loopback interface unless told otherwise', () => {
    const published = [...settings.matchAll(/^\s+- '([^']*:\d+)'$/gm)].map((m) => m[1]);
    expect(published.length).toBeGreaterThanOrEqual(2);
    for (const port of published) {
      expect(port).toMatch(/^(127\.0\.0\.1|\$\{[A-Z_]+:-127\.0\.0\.1\}):/);
    }
  });

  it('holds no admin token or secrets key of its own: they come from the environment or .env', () => {
    for (const name of ['SITREP_ADMIN_TOKEN', 'SITREP_SECRETS_KEY']) {
      expect(settings).toMatch(new RegExp(`${name}: \\$\\{${name}:\\?[^}]+\\}`));
      expect(settings).not.toMatch(new RegExp(`\\$\\{${name}:-`));
    }
  });

  it('keeps .env untracked, and .env.example lists what to set', () => {
    expect(readFileSync(join(root, '.gitignore'), 'utf8').split('\n')).toContain('.env');
    const example = readFileSync(join(root, '.env.example'), 'utf8');
    expect(example).toMatch(/^SITREP_ADMIN_TOKEN=$/m);
    expect(example).toMatch(/^SITREP_SECRETS_KEY=$/m);
  });
});
