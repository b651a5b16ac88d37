import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CommandRunner } from '@sitrep/messaging';
import * as lifecycle from './lifecycle/lifecycle.handlers';
import { LifecycleHttpController } from './lifecycle/lifecycle.http.controller';
import { ActionsHttpController } from './records/actions.http.controller';
import { RecordsHttpController } from './records/records.http.controller';
import { HuddlesHttpController } from './response/huddles.http.controller';
import { RolesHttpController } from './response/roles.http.controller';
import { DefaultResponsePlan } from './response-plans/default-response-plan';
import { ResponsePlanCatalog } from './response-plans/response-plan.catalog';
import * as plans from './response-plans/response-plan.handlers';
import { ResponsePlansHttpController } from './response-plans/response-plans.http.controller';
import { CommandReplies } from './shared/command-http';
import { IncidentRequestHandler } from './shared/incident-request';

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
    CommandRunner,
    ResponsePlanCatalog,
    DefaultResponsePlan,
    CommandReplies,
    IncidentRequestHandler,
    ...Object.values(lifecycle),
    ...Object.values(plans),
  ],
  exports: [CommandRunner, ResponsePlanCatalog],
})
export class IncidentCommandsModule {}
