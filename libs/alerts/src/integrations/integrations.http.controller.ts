import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequireScopes, UuidParam } from '@sitrep/platform';
import type { Integration, IntegrationWithCredentials } from './integration';
import {
  CreateIntegrationDto,
  IntegrationDto,
  IntegrationWithCredentialsDto,
  RotateCredentialsDto,
} from './integration.dto';
import { IntegrationService } from './integration.service';

@ApiTags('integrations')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'Missing, unknown or revoked bearer token' })
@ApiResponse({ status: 403, description: 'The key lacks the admin scope' })
@RequireScopes('admin')
@Controller('api/v1/integrations')
export class IntegrationsController {
  constructor(private readonly integrations: IntegrationService) {}

  @Post()
  @ApiResponse({
    status: 201,
    type: IntegrationWithCredentialsDto,
    description: 'Created; the credentials are shown only here',
  })
  @ApiResponse({ status: 400, description: 'Invalid fields, unknown source, or bad mapping' })
  async create(@Body() body: CreateIntegrationDto): Promise<IntegrationWithCredentialsDto> {
    return withCredentials(await this.integrations.create(body));
  }

  @Get()
  @ApiResponse({ status: 200, type: IntegrationDto, isArray: true })
  async list(): Promise<IntegrationDto[]> {
    return (await this.integrations.list()).map(toDto);
  }

  @Get(':id')
  @ApiResponse({ status: 200, type: IntegrationDto })
  @ApiResponse({ status: 404, description: 'No integration has this id' })
  async get(@UuidParam() id: string): Promise<IntegrationDto> {
    return toDto(await this.integrations.get(id));
  }

  @Post(':id/rotate')
  @HttpCode(200)
  @ApiResponse({
    status: 200,
    type: IntegrationWithCredentialsDto,
    description: 'New credentials, shown only here; the old ones work until graceSeconds pass',
  })
  @ApiResponse({ status: 404, description: 'No integration has this id' })
  async rotate(
    @UuidParam() id: string,
    @Body() body: RotateCredentialsDto,
  ): Promise<IntegrationWithCredentialsDto> {
    return withCredentials(await this.integrations.rotate(id, body.graceSeconds, body));
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiResponse({ status: 200, type: IntegrationDto, description: 'Deliveries now get 403' })
  @ApiResponse({ status: 404, description: 'No integration has this id' })
  async disable(@UuidParam() id: string): Promise<IntegrationDto> {
    return toDto(await this.integrations.setEnabled(id, false));
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiResponse({ status: 200, type: IntegrationDto })
  @ApiResponse({ status: 404, description: 'No integration has this id' })
  async enable(@UuidParam() id: string): Promise<IntegrationDto> {
    return toDto(await this.integrations.setEnabled(id, true));
  }
}

function toDto(i: Integration): IntegrationDto {
  return {
    id: i.integrationId,
    source: i.source,
    name: i.name,
    responsePlanId: i.responsePlanId,
    openAs: i.openAs,
    groupingWindowSeconds: i.groupingWindowSeconds,
    autoResolve: i.autoResolve,
    reopenWindowSeconds: i.reopenWindowSeconds,
    authMode: i.authMode,
    enabled: i.enabled,
    mapping: i.mapping,
    signatureHeaders: i.signatureHeaders,
    serviceFrom: i.serviceFrom,
    webhookPath: i.webhookPath,
    createdAt: i.createdAt,
    disabledAt: i.disabledAt,
  };
}

function withCredentials(created: IntegrationWithCredentials): IntegrationWithCredentialsDto {
  return { ...toDto(created.integration), credentials: created.credentials };
}
