import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  authFailureLimitHook,
  DEFAULT_AUTH_FAILURE_LIMIT,
  type AuthFailureLimit,
} from './auth-failure-limit';
import { correlationIdHook } from './correlation-id';
import { DomainErrorFilter, frameworkErrorAnswer, sendError } from './domain-error.filter';
import { setupOpenApi, type OpenApiOptions } from './openapi';
import { BODY_LIMIT_BYTES, requestBodyParser } from './request-body';
import { createValidationPipe } from './validation';

/**
 * Vendor webhooks: signatures cover the exact bytes, and some vendors do not send JSON. PagerDuty's
 * own paths are served too, for senders that can only change the host.
 */
export const RAW_BODY_PREFIXES: readonly string[] = [
  '/webhooks',
  '/v2/enqueue',
  '/v2/change/enqueue',
];

export interface HttpAppOptions {
  /** Path prefixes whose handlers get the raw body (a Buffer) and parse it themselves. */
  nonJsonBodyPrefixes?: readonly string[];
  openApi?: OpenApiOptions | false;
  /** Default: DEFAULT_AUTH_FAILURE_LIMIT (20 per client address a minute, 100 per integration). */
  authFailureLimit?: AuthFailureLimit;
}

export interface HttpAdapterOptions {
  /** Fastify's trustProxy: which proxies may name the client (TRUST_PROXY); none by default. */
  trustProxy?: number | string;
}

/**
 * The HTTP server every Sitrep app runs on: Fastify, which answers more requests per core than
 * Express (`npm run bench:ingest` measures both, bare; bench/README.md). Paths match
 * case-insensitively and with or without a trailing slash. Create the app with it and
 * `bodyParser: false`: configureHttpApp installs the one body reader.
 */
export function createHttpAdapter({ trustProxy }: HttpAdapterOptions = {}): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    ...(trustProxy !== undefined && { trustProxy }),
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true },
    frameworkErrors: (error: Error & { code?: string }, request: unknown, reply: unknown) =>
      sendError(
        request as Parameters<typeof sendError>[0],
        reply as Parameters<typeof sendError>[1],
        frameworkErrorAnswer(error),
      ),
  });
}

/**
 * The HTTP edge every Sitrep app shares. Call it after the app is created (createHttpAdapter)
 * and before app.init()/listen(): every request gets its correlation id first, so even a
 * malformed body's 400 carries it; every body is read by requestBodyParser (1 MiB at most).
 */
export function configureHttpApp(app: NestFastifyApplication, options: HttpAppOptions = {}): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', correlationIdHook);
  fastify.addHook(
    'onRequest',
    authFailureLimitHook(options.authFailureLimit ?? DEFAULT_AUTH_FAILURE_LIMIT),
  );
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: BODY_LIMIT_BYTES },
    requestBodyParser(options.nonJsonBodyPrefixes ?? RAW_BODY_PREFIXES),
  );
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DomainErrorFilter());
  app.enableShutdownHooks();
  if (options.openApi !== false) setupOpenApi(app, options.openApi || {});
}

/** What creates a Nest app from a compiled module: a TestingModule, in specs. */
export interface CompiledModule {
  createNestApplication<T extends INestApplication>(
    adapter: FastifyAdapter,
    options: NestApplicationOptions,
  ): T;
}

/**
 * A compiled module as a running app on the edge every Sitrep app shares (createHttpAdapter,
 * configureHttpApp), answering once init() and Fastify's ready() are done (under supertest too).
 */
export async function startHttpApp(
  moduleRef: CompiledModule,
  {
    logger = false,
    trustProxy,
    ...options
  }: HttpAppOptions & HttpAdapterOptions & Pick<NestApplicationOptions, 'logger'> = {},
): Promise<NestFastifyApplication> {
  const adapter = createHttpAdapter({ trustProxy });
  const app = moduleRef.createNestApplication<NestFastifyApplication>(adapter, {
    logger,
    bodyParser: false,
  });
  configureHttpApp(app, options);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
