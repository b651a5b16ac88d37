import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequireScopes } from '@sitrep/platform';
import { ListIncidentsRequest } from './incident-list.request.dto';
import { ListIncidentsQuery, type IncidentPage } from './list-incidents.query';

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('api/v1/incidents')
export class IncidentListHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @RequireScopes('incidents:read')
  @ApiOkResponse({ description: 'Incidents, newest first, filtered and paginated.' })
  list(@Query() q: ListIncidentsRequest): Promise<IncidentPage> {
    return this.queries.execute(
      new ListIncidentsQuery({ status: q.status, severity: q.severity }, q.limit, q.offset),
    );
  }
}
