import { ConsoleLogger, type LogLevel, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigurationError, loadSitrepConfig, type SitrepConfig } from '../config/sitrep.config';
import { configureHttpApp, createHttpAdapter } from '../http/configure-http';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Structured JSON logs on stdout, from the given level up. */
export function jsonLogger(level: SitrepConfig['logLevel'], context = 'Sitrep'): ConsoleLogger {
  return new ConsoleLogger(context, {
    json: true,
    logLevels: LEVELS.slice(0, LEVELS.indexOf(level) + 1),
  });
}

/**
 * Starts one deployable: validates the configuration first (a wrong value stops the process with
 * a message naming it), then builds the Nest app with the shared HTTP edge and listens.
 */
export async function bootstrapHttpApp(
  module: Type<unknown>,
  name: string,
  defaultPort: number,
): Promise<NestFastifyApplication> {
  let config: SitrepConfig;
  try {
    config = loadSitrepConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  const logger = jsonLogger(config.logLevel, name);
  const adapter = createHttpAdapter({ trustProxy: config.trustProxy });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    logger,
    bodyParser: false,
  });
  configureHttpApp(app, { authFailureLimit: config.authFailureLimit });
  const port = process.env.PORT === undefined ? defaultPort : config.port;
  await app.listen(port, config.host);
  const mode = config.database.url
    ? 'PostgreSQL at DATABASE_URL'
    : `embedded PostgreSQL in ${config.database.dataDir}`;
  logger.log(`${name} listening on http://localhost:${port} (${mode}); API docs at /docs`);
  return app;
}
