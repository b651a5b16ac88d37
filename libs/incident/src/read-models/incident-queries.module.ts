import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GetIncidentEventsHandler } from './queries/get-incident-events.query';
import { GetIncidentHandler } from './queries/get-incident.query';
import { GetTimelineHandler } from './queries/get-timeline.query';
import { IncidentQueriesHttpController } from './queries/incident-queries.http.controller';
import { ListIncidentsHandler } from './queries/list-incidents.query';

/** The read side: queries over the incident read models and their HTTP routes. */
@Module({
  imports: [CqrsModule],
  controllers: [IncidentQueriesHttpController],
  providers: [
    ListIncidentsHandler,
    GetIncidentHandler,
    GetTimelineHandler,
    GetIncidentEventsHandler,
  ],
})
export class IncidentQueriesModule {}
