import { Body, Controller, Get, Module, Param, Post, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { startHttpApp } from '../configure-http';
import { registerErrorCodes } from '../domain-error.registry';

/** A tiny app exercising the shared HTTP edge; loaded with loadOutsideJest by the spec. */
class Impact {
  @IsInt()
  @Min(0)
  customers!: number;
}

class DeclareThing {
  @IsIn(['SEV1', 'SEV2', 'SEV3', 'SEV4'])
  severity!: string;

  @IsString()
  title!: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => Impact)
  impact?: Impact;
}

class CodedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

registerErrorCodes({ 'THING.NOT_FOUND': 404, 'THING.BUSY': 503 });

@Controller('things')
class ThingsController {
  @Post()
  declare(@Body() body: DeclareThing): { received: DeclareThing; isInstance: boolean } {
    return { received: body, isInstance: body instanceof DeclareThing };
  }

  @Post('fail/:code')
  failWithCode(@Param('code') code: string): never {
    throw new CodedError(code, `failed with ${code}`);
  }

  @Get('crash')
  crash(): never {
    throw new Error('connection to postgres://admin:hunter2@db failed');
  }
}

@Module({ controllers: [ThingsController] })
class HttpEdgeFixtureModule {}

/** What the app logged at error level, so a spec can see a 500 was recorded. */
export const loggedErrors: string[] = [];
const ignore = (): void => undefined;
const logger = {
  log: ignore,
  warn: ignore,
  debug: ignore,
  verbose: ignore,
  fatal: ignore,
  error: (...parts: unknown[]): void => void loggedErrors.push(parts.map(String).join(' ')),
};

export async function startHttpEdgeApp(): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [HttpEdgeFixtureModule] }).compile();
  return startHttpApp(moduleRef, { logger });
}
