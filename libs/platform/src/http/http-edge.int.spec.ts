import { deflateSync, gzipSync } from 'node:zlib';
import request from 'supertest';
import type { INestApplication } from '@nestjs/common';
import { loggedErrors, startHttpEdgeApp } from './testing/http-edge.fixture';

const valid = { severity: 'SEV2', title: 'Checkout is slow' };

describe('the shared HTTP edge', () => {
  let app: INestApplication;
  let http: ReturnType<INestApplication['getHttpServer']>;
  beforeAll(async () => {
    app = await startHttpEdgeApp();
    http = app.getHttpServer();
  });
  afterAll(() => app.close());
  /** `text` sent as it is, declared JSON. */
  const sendJson = (text: string) =>
    request(http).post('/things').set('Content-Type', 'application/json').send(text);

  describe('when the body is fine', () => {
    it('hands the handler a DTO instance', async () => {
      const res = await request(http).post('/things').send(valid).expect(201);
      expect(res.body).toEqual({ received: valid, isInstance: true });
    });
  });

  describe('when the body cannot be parsed', () => {
    it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
      const res = await sendJson('{"severity":');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        code: 'MALFORMED_JSON',
      });
    });

    it('answers JSON nested deeper than 64 levels with 400 JSON_TOO_DEEP, before reading it', async () => {
      for (const levels of [65, 3_000, 500_000]) {
        const deep = '['.repeat(levels) + ']'.repeat(levels);
        const res = await sendJson(`{"severity":"SEV2","title":"x","impact":${deep}}`);
        expect(res.body).toEqual({
          statusCode: 400,
          error: 'Bad Request',
          code: 'JSON_TOO_DEEP',
          message: 'The request body nests objects and arrays deeper than 64 levels',
          requestId: expect.any(String),
        });
      }
      // Up to the limit the body is read, and validated as usual.
      const deepest = '{"a":'.repeat(63) + '1' + '}'.repeat(63);
      const res = await sendJson(`{"severity":"SEV2","title":"x","impact":${deepest}}`);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    });

    it('answers a 1.5 MiB body with 413 PAYLOAD_TOO_LARGE', async () => {
      const body = JSON.stringify({ ...valid, title: 'x'.repeat(1.5 * 1024 * 1024) });
      const res = await sendJson(body);
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    });

    it('accepts a body just under 1 MiB', async () => {
      const body = { ...valid, title: 'x'.repeat(1024 * 1024 - 100) };
      await request(http).post('/things').send(body).expect(201);
    });

    it('answers a text/plain body with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      const res = await request(http)
        .post('/things')
        .set('Content-Type', 'text/plain')
        .send('SEV1 checkout down');
      expect(res.status).toBe(415);
      expect(res.body).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    });

    it.each([
      ['NUL', '{"severity":"SEV2","title":"a\\u0000b"}', 'title'],
      ['an unpaired surrogate', '{"severity":"SEV2","tags":{"x\\ud800":"y"}}', 'tags.x\ud800'],
    ])(
      'answers %s, which PostgreSQL cannot store, with 400 naming the field',
      async (_, body, field) => {
        const res = await sendJson(body);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({
          code: 'VALIDATION_FAILED',
          details: [{ field, problems: [expect.stringContaining('must not contain U+0000')] }],
        });
      },
    );

    it('accepts paired surrogates and escapes of other characters', async () => {
      const res = await sendJson('{"severity":"SEV2","title":"\\ud83d\\ude00 \\u003c \\\\u0000"}');
      expect(res.status).toBe(201);
      expect(res.body.received.title).toBe('\ud83d\ude00 < \\u0000');
    });

    it('answers an unsupported charset with 415', async () => {
      const res = await request(http)
        .post('/things')
        .set('Content-Type', 'application/json; charset=klingon')
        .send(JSON.stringify(valid));
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('UNSUPPORTED_CHARSET');
    });
  });

  describe('compressed bodies and path spelling', () => {
    const post = (body: Buffer, encoding: string) =>
      request(http)
        .post('/things')
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', encoding)
        // As is: superagent would otherwise JSON-encode a Buffer sent as application/json (its
        // type says a serializer returns a string; node's request.write takes bytes as well).
        .serialize((bytes: Buffer) => bytes as unknown as string)
        .send(body);

    it('reads a gzip or deflate body', async () => {
      const json = Buffer.from(JSON.stringify(valid));
      expect((await post(gzipSync(json), 'gzip').expect(201)).body.received).toEqual(valid);
      expect((await post(deflateSync(json), 'deflate').expect(201)).body.received).toEqual(valid);
    });

    it('answers an encoding it cannot read with 415 UNSUPPORTED_ENCODING', async () => {
      const res = await post(Buffer.from(JSON.stringify(valid)), 'br');
      expect(res.status).toBe(415);
      expect(res.body).toMatchObject({ code: 'UNSUPPORTED_ENCODING' });
    });

    it('answers a small gzip that inflates past 1 MiB with 413, and broken gzip with 400', async () => {
      const bomb = gzipSync(Buffer.from(JSON.stringify({ ...valid, title: 'x'.repeat(2 ** 21) })));
      expect(bomb.length).toBeLessThan(64 * 1024);
      const tooLarge = await post(bomb, 'gzip');
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.body.code).toBe('PAYLOAD_TOO_LARGE');
      const broken = await post(Buffer.from('not gzip at all'), 'gzip');
      expect(broken.status).toBe(400);
      expect(broken.body.code).toBe('MALFORMED_BODY');
    });

    it('answers what the router refuses in the same error body', async () => {
      const tooLong = await request(http).post(`/things/fail/${'x'.repeat(200)}`);
      expect(tooLong.status).toBe(404);
      expect(Object.keys(tooLong.body)).toEqual([
        'statusCode',
        'error',
        'code',
        'message',
        'requestId',
      ]);
      const badUrl = await request(http).post('/things/fail/%E0%A4%A').set('x-request-id', 'r-1');
      expect(badUrl.status).toBe(400);
      expect(badUrl.body).toMatchObject({ code: 'BAD_URL', requestId: 'r-1' });
      expect(badUrl.headers['x-request-id']).toBe('r-1');
    });

    it('routes paths case-insensitively and with a trailing slash', async () => {
      await request(http).post('/THINGS/').send(valid).expect(201);
    });

    it('answers a body without a content type with 415', async () => {
      const res = await request(http)
        .post('/things')
        .set('Content-Type', '')
        .send(Buffer.from(JSON.stringify(valid)));
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });
  });

  describe('when the body breaks the DTO', () => {
    it('names an unknown field', async () => {
      const res = await request(http)
        .post('/things')
        .send({ ...valid, sevrity: 'SEV1' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', message: 'Validation failed' });
      expect(res.body.details).toEqual([
        { field: 'sevrity', problems: ['property sevrity should not exist'] },
      ]);
    });

    it('names a field of the wrong type', async () => {
      const res = await request(http)
        .post('/things')
        .send({ ...valid, severity: 1 });
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([
        {
          field: 'severity',
          problems: ['severity must be one of the following values: SEV1, SEV2, SEV3, SEV4'],
        },
      ]);
    });

    it('names a nested field by its dotted path', async () => {
      const res = await request(http)
        .post('/things')
        .send({ ...valid, impact: { customers: 'many' } });
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['impact.customers']);
    });
  });

  describe('when a handler throws', () => {
    it('maps a registered domain code to its status', async () => {
      const res = await request(http).post('/things/fail/THING.NOT_FOUND').expect(404);
      expect(res.body).toMatchObject({
        statusCode: 404,
        error: 'Not Found',
        code: 'THING.NOT_FOUND',
        message: 'failed with THING.NOT_FOUND',
      });
    });

    it('maps an unregistered domain code to 409', async () => {
      const res = await request(http).post('/things/fail/THING.ALREADY_DONE').expect(409);
      expect(res.body).toMatchObject({ code: 'THING.ALREADY_DONE', error: 'Conflict' });
    });

    it('answers a code registered as 503 with its own body and Retry-After, as a warning', async () => {
      loggedErrors.length = 0;
      const res = await request(http).post('/things/fail/THING.BUSY').expect(503);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.body).toMatchObject({ code: 'THING.BUSY', message: 'failed with THING.BUSY' });
      expect(loggedErrors).toEqual([]);
    });

    it('answers a lost database connection with 503 DATABASE.UNAVAILABLE and Retry-After', async () => {
      const res = await request(http).post('/things/fail/ECONNRESET').expect(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toMatchObject({
        code: 'DATABASE.UNAVAILABLE',
        error: 'Service Unavailable',
      });
      expect(res.text).not.toContain('failed with');
    });

    it('treats a code that is not a domain code as unexpected', async () => {
      const res = await request(http).post('/things/fail/ERR_UNEXPECTED').expect(500);
      expect(res.body).toMatchObject({ code: 'INTERNAL', message: 'Internal server error' });
    });

    it('answers an unexpected error with 500 INTERNAL, logs it, and reveals nothing', async () => {
      loggedErrors.length = 0;
      const res = await request(http)
        .get('/things/crash')
        .set('x-request-id', 'req-crash-1')
        .expect(500);
      expect(res.body).toEqual({
        statusCode: 500,
        error: 'Internal Server Error',
        code: 'INTERNAL',
        message: 'Internal server error',
        requestId: 'req-crash-1',
      });
      expect(res.text).not.toMatch(/hunter2|at .*\.ts/);
      expect(loggedErrors.join('\n')).toContain('hunter2');
    });

    it('logs the URL of a 500 with its credential parameters redacted', async () => {
      loggedErrors.length = 0;
      await request(http)
        .get('/things/crash?token=whk_s3cret&api_key=k3y&apiKey=k3y&routing_key=r0ute&page=2')
        .expect(500);
      const logged = loggedErrors.join('\n');
      expect(logged).not.toMatch(/whk_s3cret|k3y|r0ute/);
      expect(logged).toContain(
        '/things/crash?token=[redacted]&api_key=[redacted]&apiKey=[redacted]&routing_key=[redacted]&page=2',
      );
    });

    it('gives Nest exceptions the same body shape', async () => {
      const res = await request(http).get('/nowhere').expect(404);
      expect(Object.keys(res.body)).toEqual([
        'statusCode',
        'error',
        'code',
        'message',
        'requestId',
      ]);
      expect(res.body.code).toBe('NOT_FOUND');
    });
  });

  describe('correlation ids', () => {
    it('echoes the caller’s x-request-id in the header and the error body', async () => {
      const res = await request(http).post('/things').set('x-request-id', 'abc-123').send({});
      expect(res.headers['x-request-id']).toBe('abc-123');
      expect(res.body.requestId).toBe('abc-123');
    });

    it('generates one when it is absent, even for a body that failed to parse', async () => {
      const res = await sendJson('{');
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.body.requestId).toBe(res.headers['x-request-id']);
    });

    it('replaces an id that could forge log lines', async () => {
      const res = await request(http).get('/nowhere').set('x-request-id', 'a b\tinjected');
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('API documentation', () => {
    it('serves the OpenAPI document with bearer auth declared, and Swagger UI', async () => {
      const doc = await request(http).get('/docs-json').expect(200);
      expect(doc.body.components.securitySchemes.bearer).toMatchObject({
        type: 'http',
        scheme: 'bearer',
      });
      expect(doc.body.paths['/things']).toBeDefined();
      const ui = await request(http).get('/docs').redirects(1).expect(200);
      expect(ui.text).toContain('swagger-ui');
    });
  });
});
