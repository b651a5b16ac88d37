/**
 * The ceiling of bench:ingest: a bare NestJS app on the same HTTP adapter as Sitrep's
 * (@nestjs/platform-express, JSON body parser with the same 1 MiB limit) whose one route takes
 * the storm's requests at the same path and answers 202 with a fresh delivery id. No auth, no
 * validation, no database: what the framework alone answers on this machine. See bench/README.md.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Module, Param, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';

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

async function main(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(CeilingModule, {
    logger: ['error'],
    bodyParser: false,
  });
  app.useBodyParser('json', { limit: '1mb' });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}

void main();
