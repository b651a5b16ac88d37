import { Body, Controller, Headers, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, RequireScopes, type Principal } from '@sitrep/platform';
import { READ_YOUR_WRITES, type ReadYourWrites } from '@sitrep/messaging';
import { IncidentCommandResponse } from '../shared/incident-command.response';
import { replyWithOutcome } from '../shared/reply-with-outcome';
import type { CommandOutcome } from '../shared/run-incident-command';
import { DeclareIncidentCommand } from './declare-incident.command';
import { DeclareIncidentRequest } from './declare-incident.request.dto';

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('api/v1/incidents')
export class DeclareIncidentHttpController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(READ_YOUR_WRITES) private readonly readModels: ReadYourWrites,
  ) {}

  @Post()
  @HttpCode(201)
  @RequireScopes('incidents:write')
  @ApiCreatedResponse({
    type: IncidentCommandResponse,
    description: 'Declared; ETag is the version.',
  })
  @ApiResponse({
    status: 400,
    description: 'Malformed JSON or an invalid field (named in details).',
  })
  async declare(
    @Body() body: DeclareIncidentRequest,
    @CurrentPrincipal() principal: Principal,
    @Headers('x-request-id') requestId: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IncidentCommandResponse> {
    const outcome: CommandOutcome = await this.commands.execute(
      new DeclareIncidentCommand(
        { ...body, services: [...new Set(body.services ?? [])] },
        { actor: principal.name, correlationId: requestId },
      ),
    );
    res.setHeader('Location', `/api/v1/incidents/${outcome.incidentId}`);
    return replyWithOutcome(outcome, res, this.readModels);
  }
}
