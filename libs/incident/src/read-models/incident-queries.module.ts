import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { BoardHttpController } from './queries/board.http.controller';
import { GetBoardHandler } from './queries/get-board.query';
import { GetIncidentEventsHandler } from './queries/get-incident-events.query';
import { GetIncidentHandler } from './queries/get-incident.query';
import { GetTimelineHandler } from './queries/get-timeline.query';
import { IncidentQueriesHttpController } from './queries/incident-queries.http.controller';
import { ListIncidentsHandler } from './queries/list-incidents.query';
import { TimelineContributions } from './timeline/timeline-contributions';

/**
 * The read side: queries over the incident read models and their HTTP routes. Exports the
 * timeline's contributions, for other modules to add their entries (alert decisions).
 */
@Module({
  imports: [CqrsModule],
  controllers: [IncidentQueriesHttpController, BoardHttpController],
  providers: [
    ListIncidentsHandler,
    GetIncidentHandler,
    GetTimelineHandler,
    GetIncidentEventsHandler,
    GetBoardHandler,
    TimelineContributions,
  ],
  exports: [TimelineContributions],
})
export class IncidentQueriesModule {}
