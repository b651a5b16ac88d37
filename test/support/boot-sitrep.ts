import type { INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { configureHttpApp } from '@sitrep/platform';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

/**
 * Boots an app module exactly as main.ts does (same HTTP edge) against the run's real test
 * database, with a known admin token.
 */
export async function bootApp(module: Type<unknown>): Promise<INestApplication> {
  const url = process.env.SITREP_TEST_DATABASE_URL;
  if (!url) throw new Error('SITREP_TEST_DATABASE_URL is not set: run through jest.config.ts');
  process.env.DATABASE_URL = url;
  process.env.DATABASE_POOL_SIZE = '10';
  process.env.KAFKA_BROKERS ??= '127.0.0.1:9092';
  process.env.SITREP_ADMIN_TOKEN = TEST_ADMIN_TOKEN;
  process.env.LOG_LEVEL ??= 'warn';
  const moduleRef = await Test.createTestingModule({ imports: [module] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({
    bodyParser: false,
    logger: ['error', 'warn'],
  });
  configureHttpApp(app);
  await app.init();
  return app;
}
