import {
  Controller,
  Get,
  Global,
  Logger,
  Module,
  Post,
  type INestApplication,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { SITREP_CONFIG } from '../../config/sitrep.config';
import { openDatabase, type OpenedDatabase } from '../../database/data-source';
import { DATABASE, type Database } from '../../database/sql';
import type { AuthFailureLimit } from '../../http/auth-failure-limit';
import { startHttpApp } from '../../http/configure-http';
import { apiKeyMigrations } from '../api-key.migrations';
import type { Principal } from '../api-key.scopes';
import { ApiKeyService } from '../api-key.service';
import { AuthModule } from '../auth.module';
import { CurrentPrincipal, RequireScopes } from '../require-scopes.decorator';

/** A tiny app with AuthModule and routes of each kind; loaded with loadOutsideJest by the spec. */
@Controller('api/v1/probe')
class ProbeController {
  @Get('read')
  @RequireScopes('incidents:read')
  read(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }

  @Post('write')
  @RequireScopes('incidents:write')
  write(): { written: true } {
    return { written: true };
  }

  @Get('undecorated')
  undecorated(): { ok: true } {
    return { ok: true };
  }
}

@Controller('health')
class OpenController {
  @Get()
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}

/** The run's integration database (made by the Jest global setup), migrated for API keys. */
export function openAuthTestDatabase(): Promise<OpenedDatabase> {
  const url = process.env.SITREP_TEST_DATABASE_URL;
  if (!url)
    throw new Error(
      'SITREP_TEST_DATABASE_URL is not set: run integration tests through jest.config.ts',
    );
  return openDatabase(url, 10, apiKeyMigrations);
}

export async function startAuthApp(
  db: Database,
  adminToken?: string,
  edge: { authFailureLimit?: AuthFailureLimit; trustProxy?: string } = {},
): Promise<INestApplication> {
  @Global()
  @Module({
    providers: [
      { provide: DATABASE, useValue: db },
      { provide: SITREP_CONFIG, useValue: { adminToken } },
    ],
    exports: [DATABASE, SITREP_CONFIG],
  })
  class InfrastructureModule {}

  @Module({
    imports: [InfrastructureModule, AuthModule],
    controllers: [ProbeController, OpenController],
  })
  class AuthFixtureModule {}

  const moduleRef = await Test.createTestingModule({ imports: [AuthFixtureModule] }).compile();
  return startHttpApp(moduleRef, { openApi: false, ...edge });
}

export function apiKeyServiceFor(db: Database, adminToken?: string): ApiKeyService {
  return new ApiKeyService(db, { adminToken });
}

/** Routes Nest's logger into a list, so a spec can see what was printed. */
export function captureLogs(): string[] {
  const lines: string[] = [];
  const keep = (...parts: unknown[]): void => void lines.push(parts.map(String).join(' '));
  Logger.overrideLogger({
    log: keep,
    warn: keep,
    error: keep,
    debug: keep,
    verbose: keep,
    fatal: keep,
  });
  return lines;
}
