import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import type { OpenedDatabase } from '../database/data-source';
import { ApiKeyService } from './api-key.service';
import * as fixture from './testing/auth.fixture';

const ADMIN_TOKEN = `test-admin-${randomUUID()}`;
const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
const guess = (n: number) => ({ Authorization: `Bearer sk_guess_${n}` });

describe('failed authentication on /api/v1, per client address', () => {
  let opened: OpenedDatabase;
  const apps: INestApplication[] = [];

  beforeAll(async () => {
    opened = await fixture.openAuthTestDatabase();
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await opened?.dataSource.destroy();
  });
  async function start(edge: Parameters<typeof fixture.startAuthApp>[2] = {}) {
    const app = await fixture.startAuthApp(opened.database, ADMIN_TOKEN, edge);
    apps.push(app);
    return app;
  }

  it('answers 429 with Retry-After after 20 failures a minute, without checking any key', async () => {
    const app = await start();
    const http = request(app.getHttpServer());
    for (let n = 0; n < 20; n += 1) {
      await http.get('/api/v1/probe/read').set(guess(n)).expect(401);
    }
    const authenticate = jest.spyOn(app.get(ApiKeyService), 'authenticate');
    const limited = await http.get('/api/v1/probe/read').set(guess(20)).expect(429);
    expect(limited.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_AUTH_FAILURES' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Even a good key waits out the window: the answer comes before any key is hashed.
    await http.post('/api/v1/probe/write').set(admin).send({}).expect(429);
    expect(authenticate).not.toHaveBeenCalled();
    await http.get('/health').expect(200);
  });

  it('takes the client address from the socket, not X-Forwarded-For, unless proxies are trusted', async () => {
    const direct = request((await start()).getHttpServer());
    for (let n = 0; n < 20; n += 1) {
      await direct
        .get('/api/v1/probe/read')
        .set({ ...guess(n), 'X-Forwarded-For': `203.0.113.${n}` })
        .expect(401);
    }
    await direct
      .get('/api/v1/probe/read')
      .set({ ...admin, 'X-Forwarded-For': '198.51.100.7' })
      .expect(429);

    const proxied = request((await start({ trustProxy: '127.0.0.1' })).getHttpServer());
    for (let n = 0; n < 20; n += 1) {
      await proxied
        .get('/api/v1/probe/read')
        .set({ ...guess(n), 'X-Forwarded-For': '203.0.113.1' })
        .expect(401);
    }
    const from = (address: string) =>
      proxied.get('/api/v1/probe/read').set({ ...admin, 'X-Forwarded-For': address });
    await from('203.0.113.1').expect(429);
    await from('203.0.113.2').expect(200);
  });
});
