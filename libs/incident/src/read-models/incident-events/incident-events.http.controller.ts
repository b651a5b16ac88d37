import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequireScopes, UuidParam } from '@sitrep/platform';
import type { RecordedEvent } from '@sitrep/event-store';
import { GetIncidentEventsQuery } from './get-incident-events.query';
import { IncidentEventsRequest } from './incident-events.request.dto';

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('api/v1/incidents')
export class IncidentEventsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/events')
  @RequireScopes('incidents:read')
  @ApiOkResponse({ description: 'The raw event stream, for replay and audit.' })
  @ApiResponse({ status: 404, description: 'No such incident.' })
  async events(
    @UuidParam() id: string,
    @Query() q: IncidentEventsRequest,
  ): Promise<{ incidentId: string; events: RecordedEvent[] }> {
    const until = q.until ? new Date(q.until) : undefined;
    const events: RecordedEvent[] = await this.queries.execute(
      new GetIncidentEventsQuery(id, until),
    );
    return { incidentId: id, events };
  }
}
