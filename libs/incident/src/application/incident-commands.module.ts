import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AcknowledgeIncidentHandler } from './acknowledge-incident/acknowledge-incident.handler';
import { AcknowledgeIncidentHttpController } from './acknowledge-incident/acknowledge-incident.http.controller';
import { DeclareIncidentHandler } from './declare-incident/declare-incident.handler';
import { DeclareIncidentHttpController } from './declare-incident/declare-incident.http.controller';
import { ResolveIncidentHandler } from './resolve-incident/resolve-incident.handler';
import { ResolveIncidentHttpController } from './resolve-incident/resolve-incident.http.controller';
import { IncidentCommandRunner } from './shared/incident-command.runner';

/** The write side: incident (and response plan) commands and their HTTP routes. */
@Module({
  imports: [CqrsModule],
  controllers: [
    DeclareIncidentHttpController,
    AcknowledgeIncidentHttpController,
    ResolveIncidentHttpController,
  ],
  providers: [
    IncidentCommandRunner,
    DeclareIncidentHandler,
    AcknowledgeIncidentHandler,
    ResolveIncidentHandler,
  ],
  exports: [IncidentCommandRunner],
})
export class IncidentCommandsModule {}
