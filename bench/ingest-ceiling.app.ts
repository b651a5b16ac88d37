/**
 * The ceilings of bench:ingest: a bare NestJS app whose one route takes the storm's requests at
 * the same path and answers 202 with a fresh delivery id: no auth, no validation, no database.
 * `CEILING_ADAPTER=fastify` is the HTTP adapter Sitrep runs on (@nestjs/platform-fastify, with a
 * 1 MiB body limit); `express` is @nestjs/platform-express (a dev dependency only for this), which
 * Sitrep ran on until it measured this pair. What the framework alone answers on this machine;
 * see bench/README.md.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import {
  Body,
  Controller,
  HttpCode,
  Module,
  Param,
  Post,
  type INestApplication,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';

const BODY_LIMIT = 1024 * 1024;

@Controller('webhooks')
class CeilingController {
  @Post(':source/:integrationId')
  @HttpCode(202)
  receive(@Param('integrationId') integrationId: string, @Body() body: { alerts?: unknown[] }) {
    return { deliveryId: randomUUID(), integrationId, alerts: body.alerts?.length ?? 0 };
  }
}

@Module({ controllers: [CeilingController] })
class CeilingModule {}

async function create(adapter: string | undefined): Promise<INestApplication> {
  if (adapter === 'fastify') {
    return NestFactory.create(CeilingModule, new FastifyAdapter({ bodyLimit: BODY_LIMIT }), {
      logger: ['error'],
    });
  }
  const app = await NestFactory.create<NestExpressApplication>(CeilingModule, {
    logger: ['error'],
    bodyParser: false,
  });
  return app.useBodyParser('json', { limit: BODY_LIMIT });
}

async function main(): Promise<void> {
  const app = await create(process.env.CEILING_ADAPTER);
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}

void main();
