import { Module } from '@nestjs/common';
import { registerErrorCodes } from '@sitrep/platform';
import { IncidentCommandsModule } from './application/incident-commands.module';
import { incidentErrorStatuses } from './incident.error-statuses';
import { IncidentQueriesModule } from './read-models/incident-queries.module';

/** Incident commands and queries over HTTP. Needs the event store, database, clock and read-model ports. */
@Module({
  imports: [IncidentCommandsModule, IncidentQueriesModule],
  exports: [IncidentCommandsModule],
})
export class IncidentModule {
  constructor() {
    registerErrorCodes(incidentErrorStatuses);
  }
}
