import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { UuidParam } from '../http/validation';
import type { Principal } from './api-key.scopes';
import { ApiKeyService, type ApiKeySummary, type CreatedApiKey } from './api-key.service';
import { ApiKeySummaryDto, CreateApiKeyDto, CreatedApiKeyDto } from './api-key.dto';
import { CurrentPrincipal, RequireScopes } from './require-scopes.decorator';

@ApiTags('api-keys')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'Missing, unknown or revoked bearer token' })
@ApiResponse({ status: 403, description: 'The key lacks the admin scope' })
@RequireScopes('admin')
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeyService) {}

  @Post()
  @ApiResponse({
    status: 201,
    type: CreatedApiKeyDto,
    description: 'Created; the token is shown only here',
  })
  @ApiResponse({ status: 400, description: 'Invalid name or scopes' })
  create(
    @Body() body: CreateApiKeyDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CreatedApiKey> {
    return this.apiKeys.create({
      name: body.name,
      scopes: body.scopes,
      createdBy: principal.keyId,
    });
  }

  @Get()
  @ApiResponse({ status: 200, type: ApiKeySummaryDto, isArray: true })
  list(): Promise<ApiKeySummary[]> {
    return this.apiKeys.list();
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiResponse({ status: 204, description: 'Revoked (revoking twice is allowed)' })
  @ApiResponse({ status: 400, description: 'The id is not a UUID' })
  @ApiResponse({ status: 404, description: 'No key has this id' })
  async revoke(@UuidParam() id: string): Promise<void> {
    if (!(await this.apiKeys.revoke(id))) {
      throw new NotFoundException({
        code: 'API_KEY.NOT_FOUND',
        message: `No API key has id ${id}`,
      });
    }
  }
}
