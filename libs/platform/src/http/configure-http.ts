import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { bodyParserErrorMiddleware } from './body-parser-errors';
import { correlationIdMiddleware } from './correlation-id.middleware';
import { DomainErrorFilter } from './domain-error.filter';
import { jsonOnlyMiddleware } from './json-only.middleware';
import { setupOpenApi, type OpenApiOptions } from './openapi';
import { createValidationPipe } from './validation';

export const JSON_BODY_LIMIT = '1mb';

export interface HttpAppOptions {
  /** Path prefixes whose handlers read non-JSON bodies themselves, e.g. `['/webhooks']`. */
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
  express.use(correlationIdMiddleware);
  express.use(jsonOnlyMiddleware(options.nonJsonBodyPrefixes));
  express.useBodyParser('json', { limit: JSON_BODY_LIMIT });
  express.use(bodyParserErrorMiddleware);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DomainErrorFilter());
  app.enableShutdownHooks();
  if (options.openApi !== false) setupOpenApi(app, options.openApi || {});
}
