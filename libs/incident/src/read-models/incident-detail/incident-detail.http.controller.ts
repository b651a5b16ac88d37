import { Controller, Get, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequireScopes, UuidParam, type ReplyHeaders } from '@sitrep/platform';
import { etagOf } from '../../http-versioning';
import { GetIncidentQuery } from './get-incident.query';
import type { IncidentDetail } from './incident-detail.document';

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('api/v1/incidents')
export class IncidentDetailHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id')
  @RequireScopes('incidents:read')
  @ApiOkResponse({ description: 'The incident as it stands; ETag is its version.' })
  @ApiResponse({ status: 404, description: 'No such incident.' })
  async detail(
    @UuidParam() id: string,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ): Promise<IncidentDetail> {
    const detail: IncidentDetail = await this.queries.execute(new GetIncidentQuery(id));
    res.header('ETag', etagOf(detail.version));
    return detail;
  }
}
