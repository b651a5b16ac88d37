import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyService } from './api-key.service';
import { ApiKeysController } from './api-keys.http.controller';

/**
 * API-key authentication for /api/v1. Needs DATABASE (global DatabaseModule, migrated with
 * apiKeyMigrations) and SITREP_CONFIG (global SitrepConfigModule).
 */
@Module({
  controllers: [ApiKeysController],
  providers: [ApiKeyService, { provide: APP_GUARD, useClass: ApiKeyGuard }],
  exports: [ApiKeyService],
})
export class AuthModule implements OnApplicationBootstrap {
  constructor(private readonly apiKeys: ApiKeyService) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.apiKeys.ensureBootstrapAdmin();
  }
}
