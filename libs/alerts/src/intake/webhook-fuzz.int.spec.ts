import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock, type OpenedDatabase } from '@sitrep/platform';
import { normalizedAlertProblems, type QueuedAlert } from '../normalized-alert';
import { createSourceRegistry } from '../source-registry';
import { openIntakeTestDatabase, startIntakeApp, TEST_ADMIN_TOKEN } from './testing/intake.fixture';

const SOURCES_DIR = join(__dirname, '..', 'sources');
const MUTATIONS_PER_FIXTURE = 40;

/** Values no vendor should send, in the places vendors send others. */
const ODD: unknown[] = [
  null,
  '',
  'x'.repeat(3000),
  -1,
  1e308,
  1.5,
  true,
  [],
  {},
  [[[]]],
  { a: { b: [1, null] } },
  'nul \u0000 and lone \ud800',
  '2026-13-45T99:99:99Z',
  '__proto__',
  2 ** 53 + 2,
];

/** A seeded generator, so a failure names a body that can be sent again. */
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

function mutate(value: unknown, next: () => number): unknown {
  const odd = () => ODD[Math.floor(next() * ODD.length)];
  if (Array.isArray(value)) {
    const copy = value.map((item) => mutate(item, next));
    if (next() < 0.1) copy.push(odd());
    return copy;
  }
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (next() < 0.08) continue;
      copy[key] = next() < 0.15 ? odd() : mutate(item, next);
    }
    if (next() < 0.1) copy['__proto__'] = odd();
    return copy;
  }
  return value;
}

const fixturesOf = (source: string) => {
  const dir = join(SOURCES_DIR, source, 'fixtures');
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json') && file !== 'mapping.json')
    .map((file) => ({ file, body: JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown }));
};

describe('webhook deliveries that are almost right, from every source', () => {
  let opened: OpenedDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    opened = await openIntakeTestDatabase();
    app = await startIntakeApp({
      db: opened.database,
      clock: new ManualClock(new Date('2026-11-27T04:00:00.000Z')),
      rateLimit: { perSecond: 100_000, burst: 100_000 },
    });
  });
  afterAll(async () => {
    await app?.close();
    await opened?.dataSource.destroy();
  });

  /** An integration of the source, reached with a bearer token. */
  async function integrationOf(source: string) {
    const mapping =
      source === 'generic-json'
        ? JSON.parse(readFileSync(join(SOURCES_DIR, source, 'fixtures', 'mapping.json'), 'utf8'))
        : undefined;
    const created = await request(app.getHttpServer())
      .post('/api/v1/integrations')
      .set({ Authorization: `Bearer ${TEST_ADMIN_TOKEN}` })
      .send({ source, name: `fuzz ${source}`, authMode: 'bearer', mapping })
      .expect(201);
    const { id, webhookPath, credentials } = created.body as {
      id: string;
      webhookPath: string;
      credentials: { kind: string; secret: string }[];
    };
    return { id, webhookPath, token: credentials.find((c) => c.kind === 'token')!.secret };
  }
  const headersFor = (source: string, token: string, file = '') => ({
    Authorization: `Bearer ${token}`,
    'Content-Type': source === 'cloudwatch-sns' ? 'text/plain' : 'application/json',
    'Sentry-Hook-Resource': file.startsWith('metric') ? 'metric_alert' : 'issue',
  });

  it.each(createSourceRegistry().names())(
    '%s: JSON nested deeper than 64 levels is a 400 naming the limit, recorded as refused',
    async (source) => {
      const { id, webhookPath, token } = await integrationOf(source);
      const http = request(app.getHttpServer());
      const array = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
      const bodies = [
        '{"a":'.repeat(3_000) + '1' + '}'.repeat(3_000),
        `{"alerts":${array(3_000)},"incident":${array(3_000)},"data":${array(3_000)}}`,
        array(65),
      ];
      for (const body of bodies) {
        const res = await http.post(webhookPath).set(headersFor(source, token)).send(body);
        const problem = 'the body nests objects and arrays deeper than 64 levels';
        expect(res.status).toBe(400);
        expect(res.body).toEqual(
          source === 'pagerduty' // answers in PagerDuty's own terms
            ? { status: 'invalid event', message: 'Event object is invalid', errors: [problem] }
            : {
                statusCode: 400,
                error: 'Bad Request',
                code: 'WEBHOOK.MALFORMED',
                message: problem,
                details: [problem],
                requestId: expect.any(String),
              },
        );
        const [row] = await opened.database.query<Record<string, unknown>>(
          'SELECT status, alerts, body, outcome FROM webhook_deliveries WHERE id = $1',
          [res.headers['x-sitrep-delivery-id']],
        );
        expect(row).toMatchObject({ status: 'invalid', alerts: null });
        expect((row.body as Buffer).toString()).toBe(body);
        expect(row.outcome).toMatchObject({ code: 'WEBHOOK.MALFORMED' });
      }
      const rows = await opened.database.query(
        'SELECT 1 FROM webhook_deliveries WHERE integration_id = $1',
        [id],
      );
      expect(rows).toHaveLength(bodies.length);
    },
  );

  it.each(createSourceRegistry().names())(
    '%s: never a 5xx, and every accepted alert keeps the normalized contract',
    async (source) => {
      const http = request(app.getHttpServer());
      const { id, webhookPath, token } = await integrationOf(source);
      const next = random(source.length * 7919);
      const failures: string[] = [];
      const statuses = new Map<number, number>();
      for (const { file, body } of fixturesOf(source)) {
        for (let i = 0; i < MUTATIONS_PER_FIXTURE; i++) {
          const sent = JSON.stringify(mutate(body, next));
          const res = await http
            .post(webhookPath)
            .set(headersFor(source, token, file))
            .send(sent);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status >= 500) failures.push(`${file} #${i} → ${res.status}: ${sent}`);
        }
      }
      expect(failures).toEqual([]);
      // The mutations leave some deliveries acceptable, so both paths were taken.
      expect([...statuses.keys()].some((status) => status < 300)).toBe(true);
      expect([...statuses.keys()].some((status) => status >= 400)).toBe(true);

      const rows = await opened.database.query<{ alerts: QueuedAlert[] }>(
        `SELECT alerts FROM webhook_deliveries
          WHERE integration_id = $1 AND status = 'accepted'`,
        [id],
      );
      const unusable = rows.flatMap((row) => row.alerts.flatMap(normalizedAlertProblems));
      expect(unusable).toEqual([]);
    },
    60_000,
  );
});
