import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GetBoardHandler } from './incident-board/get-board.query';
import { BoardHttpController } from './incident-board/incident-board.http.controller';
import { GetIncidentHandler } from './incident-detail/get-incident.query';
import { IncidentDetailHttpController } from './incident-detail/incident-detail.http.controller';
import { GetIncidentEventsHandler } from './incident-events/get-incident-events.query';
import { IncidentEventsHttpController } from './incident-events/incident-events.http.controller';
import { IncidentListHttpController } from './incident-list/incident-list.http.controller';
import { ListIncidentsHandler } from './incident-list/list-incidents.query';
import { GetTimelineHandler } from './timeline/get-timeline.query';
import { TimelineContributions } from './timeline/timeline-contributions';
import { TimelineHttpController } from './timeline/timeline.http.controller';

/**
 * The read side: queries over the incident read models and their HTTP routes. Exports the
 * timeline's contributions, for other modules to add their entries (alert decisions).
 */
@Module({
  imports: [CqrsModule],
  // In route order: the OpenAPI document lists the paths in the order of these controllers.
  controllers: [
    IncidentListHttpController,
    IncidentDetailHttpController,
    TimelineHttpController,
    IncidentEventsHttpController,
    BoardHttpController,
  ],
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
