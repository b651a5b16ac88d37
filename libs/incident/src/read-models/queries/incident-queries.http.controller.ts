import { Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { RequireScopes, UuidParam, type ReplyHeaders } from '@sitrep/platform';
import type { RecordedEvent } from '@sitrep/event-store';
import { etagOf } from '../../http-versioning';
import type { IncidentDetail } from '../incident-detail/incident-detail.document';
import type { TimelineEntry } from '../timeline/timeline.entry';
import { GetIncidentEventsQuery } from './get-incident-events.query';
import { GetIncidentQuery } from './get-incident.query';
import { GetTimelineQuery } from './get-timeline.query';
import {
  IncidentEventsRequest,
  ListIncidentsRequest,
  TimelineRequest,
} from './incident-queries.request.dto';
import { ListIncidentsQuery, type IncidentPage } from './list-incidents.query';

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('api/v1/incidents')
export class IncidentQueriesHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @RequireScopes('incidents:read')
  @ApiOkResponse({ description: 'Incidents, newest first, filtered and paginated.' })
  list(@Query() q: ListIncidentsRequest): Promise<IncidentPage> {
    return this.queries.execute(
      new ListIncidentsQuery({ status: q.status, severity: q.severity }, q.limit, q.offset),
    );
  }

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
