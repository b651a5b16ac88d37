import {
  Controller,
  Headers,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Res,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, RequireScopes, type Principal } from '@sitrep/platform';
import { READ_YOUR_WRITES, type ReadYourWrites } from '@sitrep/messaging';
import { parseIfMatch } from '../shared/http-versioning';
import { IncidentCommandResponse } from '../shared/incident-command.response';
import { replyWithOutcome } from '../shared/reply-with-outcome';
import { AcknowledgeIncidentCommand } from './acknowledge-incident.command';

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('api/v1/incidents')
export class AcknowledgeIncidentHttpController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(READ_YOUR_WRITES) private readonly readModels: ReadYourWrites,
  ) {}

  @Post(':id/acknowledge')
  @HttpCode(200)
  @RequireScopes('incidents:write')
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version (ETag) you last saw.' })
  @ApiOkResponse({ type: IncidentCommandResponse, description: 'Acknowledged (again: unchanged).' })
  @ApiResponse({ status: 404, description: 'No such incident.' })
  @ApiResponse({ status: 409, description: 'INCIDENT.ALREADY_RESOLVED' })
  @ApiResponse({ status: 412, description: 'If-Match is stale.' })
  async acknowledge(
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentPrincipal() principal: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Headers('x-request-id') requestId: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IncidentCommandResponse> {
    const outcome = await this.commands.execute(
      new AcknowledgeIncidentCommand(id, {
        actor: principal.name,
        correlationId: requestId,
        expectedVersion: parseIfMatch(ifMatch),
      }),
    );
    return replyWithOutcome(outcome, res, this.readModels);
  }
}
