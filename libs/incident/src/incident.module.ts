import { Module } from '@nestjs/common';
import { registerErrorCodes } from '@sitrep/platform';
import { IncidentCommandsModule } from './application/incident-commands.module';
import { incidentErrorStatuses } from './incident.error-statuses';
import { IncidentQueriesModule } from './read-models/incident-queries.module';

/**
 * Incident commands and queries over HTTP. Needs the event store, database, clock and read-model
 * ports. Exports TimelineContributions (through IncidentQueriesModule): one instance, for every
 * module that imports this one to add its entries to the timeline.
 */
@Module({
  imports: [IncidentCommandsModule, IncidentQueriesModule],
  exports: [IncidentCommandsModule, IncidentQueriesModule],
})
export class IncidentModule {
  constructor() {
    registerErrorCodes(incidentErrorStatuses);
  }
}
