import type { IncomingMessage } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { bodyParserErrorMiddleware } from './body-parser-errors';
import { correlationIdMiddleware } from './correlation-id.middleware';
import { DomainErrorFilter } from './domain-error.filter';
import { jsonOnlyMiddleware } from './json-only.middleware';
import { setupOpenApi, type OpenApiOptions } from './openapi';
import { createValidationPipe } from './validation';

export const JSON_BODY_LIMIT = '1mb';

/** Vendor webhooks: signatures cover the exact bytes, and some vendors do not send JSON. */
export const RAW_BODY_PREFIXES: readonly string[] = ['/webhooks'];

export interface HttpAppOptions {
  /** Path prefixes whose handlers get the raw body (a Buffer) and parse it themselves. */
  nonJsonBodyPrefixes?: readonly string[];
  openApi?: OpenApiOptions | false;
}

/**
 * The HTTP edge every Sitrep app shares. Call it after NestFactory.create (Express) and before
 * app.init()/listen(): the middleware order matters — the correlation id comes first, so even a
 * malformed body's 400 carries it, and our 1 MiB JSON parser replaces Nest's 100 KB default.
 */
export function configureHttpApp(app: INestApplication, options: HttpAppOptions = {}): void {
  const express = app as NestExpressApplication;
  const rawPrefixes = options.nonJsonBodyPrefixes ?? RAW_BODY_PREFIXES;
  express.use(correlationIdMiddleware);
  express.use(jsonOnlyMiddleware(rawPrefixes));
  // Read first, so the JSON parser then skips these requests (their body is already read).
  express.useBodyParser('raw', {
    type: (req: IncomingMessage) => underPrefix(req.url, rawPrefixes),
    limit: JSON_BODY_LIMIT,
  });
  express.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  express.use(bodyParserErrorMiddleware);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DomainErrorFilter());
  app.enableShutdownHooks();
  if (options.openApi !== false) setupOpenApi(app, options.openApi || {});
}

/** Case-insensitive, as Express routes are, so `/WEBHOOKS/...` cannot slip past the raw parser. */
export function underPrefix(url: string | undefined, prefixes: readonly string[]): boolean {
  const path = (url ?? '').split('?')[0].toLowerCase();
  return prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}
