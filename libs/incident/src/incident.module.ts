import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { registerErrorCodes } from '@sitrep/platform';
import { AcknowledgeIncidentHandler } from './application/acknowledge-incident/acknowledge-incident.handler';
import { AcknowledgeIncidentHttpController } from './application/acknowledge-incident/acknowledge-incident.http.controller';
import { DeclareIncidentHandler } from './application/declare-incident/declare-incident.handler';
import { DeclareIncidentHttpController } from './application/declare-incident/declare-incident.http.controller';
import { ResolveIncidentHandler } from './application/resolve-incident/resolve-incident.handler';
import { ResolveIncidentHttpController } from './application/resolve-incident/resolve-incident.http.controller';
import { IncidentCommandRunner } from './application/shared/incident-command.runner';
import { GetIncidentEventsHandler } from './read-models/queries/get-incident-events.query';
import { GetIncidentHandler } from './read-models/queries/get-incident.query';
import { GetTimelineHandler } from './read-models/queries/get-timeline.query';
import { IncidentQueriesHttpController } from './read-models/queries/incident-queries.http.controller';
import { ListIncidentsHandler } from './read-models/queries/list-incidents.query';
import { incidentErrorStatuses } from './incident.wiring';

/** Incident commands and queries over HTTP. Needs the event store, database, clock and read-model ports. */
@Module({
  imports: [CqrsModule],
  controllers: [
    DeclareIncidentHttpController,
    AcknowledgeIncidentHttpController,
    ResolveIncidentHttpController,
    IncidentQueriesHttpController,
  ],
  providers: [
    IncidentCommandRunner,
    DeclareIncidentHandler,
    AcknowledgeIncidentHandler,
    ResolveIncidentHandler,
    ListIncidentsHandler,
    GetIncidentHandler,
    GetTimelineHandler,
    GetIncidentEventsHandler,
  ],
})
export class IncidentModule {
  constructor() {
    registerErrorCodes(incidentErrorStatuses);
  }
}
