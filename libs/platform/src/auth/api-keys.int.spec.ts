import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import type { OpenedDatabase } from '../database/data-source';
import * as fixture from './testing/auth.fixture';

const ADMIN_TOKEN = `test-admin-${randomUUID()}`;
const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };

describe('API keys', () => {
  let opened: OpenedDatabase;
  let app: INestApplication;
  let http: ReturnType<INestApplication['getHttpServer']>;

  beforeAll(async () => {
    opened = await fixture.openAuthTestDatabase();
    app = await fixture.startAuthApp(opened.database, ADMIN_TOKEN);
    http = app.getHttpServer();
  });
  afterAll(async () => {
    await app?.close();
    await opened?.dataSource.destroy();
  });

  async function createKey(scopes: string[], name = `key-${randomUUID()}`) {
    const res = await request(http)
      .post('/api/v1/api-keys')
      .set(admin)
      .send({ name, scopes })
      .expect(201);
    return res.body as {
      id: string;
      name: string;
      token: string;
      prefix: string;
      scopes: string[];
    };
  }
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  describe('when no valid token is presented', () => {
    it('answers a missing token with 401 and WWW-Authenticate: Bearer', async () => {
      const res = await request(http).get('/api/v1/probe/read').expect(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer\b/);
      expect(res.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    });

    it.each(['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', ADMIN_TOKEN])(
      'answers a garbled header (%s) with 401',
      async (header) => {
        const res = await request(http)
          .get('/api/v1/probe/read')
          .set('Authorization', header)
          .expect(401);
        expect(res.headers['www-authenticate']).toMatch(/^Bearer\b/);
      },
    );

    it('answers an unknown token with 401', async () => {
      const res = await request(http)
        .get('/api/v1/probe/read')
        .set(bearer(`sitrep_${'A'.repeat(43)}`))
        .expect(401);
      expect(res.body.code).toBe('INVALID_TOKEN');
    });

    it('does not accept a prefix of the admin token', async () => {
      await request(http)
        .get('/api/v1/probe/read')
        .set(bearer(ADMIN_TOKEN.slice(0, -1)))
        .expect(401);
    });

    it('guards /api/v1 whatever the letter case of the URL', async () => {
      await request(http).get('/API/V1/probe/read').expect(401);
    });

    it('leaves routes outside /api/v1 alone', async () => {
      await request(http).get('/health').expect(200);
    });
  });

  describe('when an admin creates a key', () => {
    it('returns the token once, and the key works for its scope and no other', async () => {
      const key = await createKey(['incidents:read'], 'dashboard');
      expect(key.token).toMatch(/^sitrep_[A-Za-z0-9_-]{43}$/);
      expect(key.token.startsWith(key.prefix)).toBe(true);
      expect(key.prefix.length).toBeLessThan(key.token.length);

      const read = await request(http).get('/api/v1/probe/read').set(bearer(key.token)).expect(200);
      expect(read.body).toEqual({ keyId: key.id, name: 'dashboard', scopes: ['incidents:read'] });

      const write = await request(http)
        .post('/api/v1/probe/write')
        .set(bearer(key.token))
        .expect(403);
      expect(write.body).toMatchObject({ code: 'INSUFFICIENT_SCOPE' });
      expect(write.body.message).toContain('incidents:write');
      await request(http)
        .post('/api/v1/api-keys')
        .set(bearer(key.token))
        .send({ name: 'x', scopes: ['admin'] })
        .expect(403);
    });

    it('stores only the SHA-256 of the token', async () => {
      const key = await createKey(['incidents:write']);
      const [row] = await opened.database.query<{ hash: string }>(
        'SELECT hash FROM api_keys WHERE id = $1',
        [key.id],
      );
      expect(row.hash).not.toBe(key.token);
      expect(row.hash).toBe(createHash('sha256').update(key.token).digest('hex'));
    });

    it('lets an admin-scoped key reach every scope', async () => {
      const key = await createKey(['admin']);
      await request(http).post('/api/v1/probe/write').set(bearer(key.token)).expect(201);
      await request(http).get('/api/v1/probe/read').set(bearer(key.token)).expect(200);
    });

    it('requires admin on an /api/v1 route without @RequireScopes', async () => {
      const key = await createKey(['incidents:read', 'incidents:write']);
      const res = await request(http)
        .get('/api/v1/probe/undecorated')
        .set(bearer(key.token))
        .expect(403);
      expect(res.body.message).toContain('admin');
      await request(http).get('/api/v1/probe/undecorated').set(admin).expect(200);
    });

    it('records when a key was last used', async () => {
      const key = await createKey(['incidents:read']);
      await request(http).get('/api/v1/probe/read').set(bearer(key.token)).expect(200);
      const lastUsed = async () =>
        (
          await opened.database.query<{ last_used_at: Date | null }>(
            'SELECT last_used_at FROM api_keys WHERE id = $1',
            [key.id],
          )
        )[0].last_used_at;
      for (let i = 0; i < 50 && (await lastUsed()) === null; i++)
        await new Promise((r) => setTimeout(r, 20));
      expect(await lastUsed()).not.toBeNull();
    });
  });

  describe('when the request to create a key is invalid', () => {
    it.each([
      [{ name: 'x', scopes: ['incidents:delete'] }, 'scopes'],
      [{ name: 'x', scopes: [] }, 'scopes'],
      [{ name: 'x', scopes: ['admin', 'admin'] }, 'scopes'],
      [{ name: '', scopes: ['admin'] }, 'name'],
      [{ name: 'x'.repeat(101), scopes: ['admin'] }, 'name'],
      [{ name: 'x', scopes: ['admin'], hash: 'mine' }, 'hash'],
    ])('rejects %j naming %s', async (body, field) => {
      const res = await request(http).post('/api/v1/api-keys').set(admin).send(body).expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual([field]);
    });
  });

  describe('listing and revoking', () => {
    it('lists keys without hashes or tokens', async () => {
      const key = await createKey(['incidents:read']);
      const res = await request(http).get('/api/v1/api-keys').set(admin).expect(200);
      const listed = res.body.find((k: { id: string }) => k.id === key.id);
      expect(Object.keys(listed).sort()).toEqual([
        'createdAt',
        'createdBy',
        'id',
        'lastUsedAt',
        'name',
        'prefix',
        'revokedAt',
        'scopes',
      ]);
      expect(listed.createdBy).toBe('env-admin');
      const hash = createHash('sha256').update(key.token).digest('hex');
      expect(res.text).not.toContain(key.token);
      expect(res.text).not.toContain(hash);
    });

    it('turns a revoked key away with 401', async () => {
      const key = await createKey(['incidents:read']);
      await request(http).get('/api/v1/probe/read').set(bearer(key.token)).expect(200);
      await request(http).delete(`/api/v1/api-keys/${key.id}`).set(admin).expect(204);
      await request(http).get('/api/v1/probe/read').set(bearer(key.token)).expect(401);
    });

    it('answers 404 for an unknown id and 400 for one that is not a UUID', async () => {
      await request(http).delete(`/api/v1/api-keys/${randomUUID()}`).set(admin).expect(404);
      const res = await request(http).delete('/api/v1/api-keys/not-a-uuid').set(admin).expect(400);
      expect(res.body.details).toEqual([{ field: 'id', problems: ['id must be a UUID'] }]);
    });
  });

  describe('bootstrap admin, when SITREP_ADMIN_TOKEN is not set', () => {
    beforeEach(() =>
      opened.database.query(
        `UPDATE api_keys SET revoked_at = now() WHERE revoked_at IS NULL AND 'admin' = ANY(scopes)`,
      ),
    );

    it('creates exactly one admin key when two starts race, and prints it once', async () => {
      const logs = fixture.captureLogs();
      const [a, b] = [
        fixture.apiKeyServiceFor(opened.database),
        fixture.apiKeyServiceFor(opened.database),
      ];
      const results = await Promise.all([a.ensureBootstrapAdmin(), b.ensureBootstrapAdmin()]);
      const created = results.filter((r) => r !== null);
      expect(created).toHaveLength(1);
      expect(await a.ensureBootstrapAdmin()).toBeNull();

      const rows = await opened.database.query(
        `SELECT id FROM api_keys WHERE revoked_at IS NULL AND 'admin' = ANY(scopes)`,
      );
      expect(rows).toEqual([{ id: created[0]!.id }]);
      expect(logs.filter((line) => line.includes(created[0]!.token))).toHaveLength(1);
      expect(await a.authenticate(created[0]!.token)).toMatchObject({
        name: 'bootstrap-admin',
        scopes: ['admin'],
      });
    });

    it('creates nothing when SITREP_ADMIN_TOKEN is set', async () => {
      expect(
        await fixture.apiKeyServiceFor(opened.database, ADMIN_TOKEN).ensureBootstrapAdmin(),
      ).toBeNull();
      const rows = await opened.database.query(
        `SELECT id FROM api_keys WHERE revoked_at IS NULL AND 'admin' = ANY(scopes)`,
      );
      expect(rows).toEqual([]);
    });
  });
});
