import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { BoardHttpController } from './queries/board.http.controller';
import { GetBoardHandler } from './queries/get-board.query';
import { GetIncidentEventsHandler } from './queries/get-incident-events.query';
import { GetIncidentHandler } from './queries/get-incident.query';
import { GetTimelineHandler } from './queries/get-timeline.query';
import { IncidentQueriesHttpController } from './queries/incident-queries.http.controller';
import { ListIncidentsHandler } from './queries/list-incidents.query';

/** The read side: queries over the incident read models and their HTTP routes. */
@Module({
  imports: [CqrsModule],
  controllers: [IncidentQueriesHttpController, BoardHttpController],
  providers: [
    ListIncidentsHandler,
    GetIncidentHandler,
    GetTimelineHandler,
    GetIncidentEventsHandler,
    GetBoardHandler,
  ],
})
export class IncidentQueriesModule {}
