import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequireScopes, UuidParam } from '@sitrep/platform';
import { GetTimelineQuery } from './get-timeline.query';
import type { TimelineEntry } from './timeline.entry';
import { TimelineRequest } from './timeline.request.dto';

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('api/v1/incidents')
export class TimelineHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/timeline')
  @RequireScopes('incidents:read')
  @ApiOkResponse({
    description:
      'One entry per event: when, what, who; in the order it happened. With the incident events, ' +
      'each alert decision about it (kind `alert`: opened, joined, deduplicated, updated, ' +
      'resolved, reopened, and why).',
  })
  @ApiResponse({ status: 404, description: 'No such incident.' })
  async timeline(
    @UuidParam() id: string,
    @Query() q: TimelineRequest,
  ): Promise<{ incidentId: string; entries: TimelineEntry[] }> {
    const entries: TimelineEntry[] = await this.queries.execute(new GetTimelineQuery(id, q.kind));
    return { incidentId: id, entries };
  }
}
