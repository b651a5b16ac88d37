import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AcknowledgeIncidentHandler } from './acknowledge-incident/acknowledge-incident.handler';
import { DeclareIncidentHandler } from './declare-incident/declare-incident.handler';
import * as lifecycle from './lifecycle/lifecycle.handlers';
import { LifecycleHttpController } from './lifecycle/lifecycle.http.controller';
import { ActionsHttpController } from './records/actions.http.controller';
import * as records from './records/records.handlers';
import { RecordsHttpController } from './records/records.http.controller';
import { ResolveIncidentHandler } from './resolve-incident/resolve-incident.handler';
import { HuddlesHttpController } from './response/huddles.http.controller';
import * as response from './response/response.handlers';
import { RolesHttpController } from './response/roles.http.controller';
import { DefaultResponsePlan } from './response-plans/default-response-plan';
import { ResponsePlanCommandRunner } from './response-plans/response-plan-command.runner';
import { ResponsePlanCatalog } from './response-plans/response-plan.catalog';
import * as plans from './response-plans/response-plan.handlers';
import { ResponsePlansHttpController } from './response-plans/response-plans.http.controller';
import { CommandReplies } from './shared/command-http';
import { IncidentCommandRunner } from './shared/incident-command.runner';

/** The write side: incident and response plan commands and their HTTP routes. */
@Module({
  imports: [CqrsModule],
  controllers: [
    LifecycleHttpController,
    RolesHttpController,
    HuddlesHttpController,
    RecordsHttpController,
    ActionsHttpController,
    ResponsePlansHttpController,
  ],
  providers: [
    IncidentCommandRunner,
    ResponsePlanCommandRunner,
    ResponsePlanCatalog,
    DefaultResponsePlan,
    CommandReplies,
    DeclareIncidentHandler,
    AcknowledgeIncidentHandler,
    ResolveIncidentHandler,
    ...Object.values(lifecycle),
    ...Object.values(response),
    ...Object.values(records),
    ...Object.values(plans),
  ],
  exports: [IncidentCommandRunner, ResponsePlanCatalog],
})
export class IncidentCommandsModule {}
