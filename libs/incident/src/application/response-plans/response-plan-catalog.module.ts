import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CommandRunner } from '@sitrep/messaging';
import { ResponsePlanCatalog } from './response-plan.catalog';

/**
 * The response plans in force, for a process that reads them without serving the incident API
 * (the worker's alert processor). Needs DATABASE, CLOCK and EVENT_STORE from the app.
 */
@Module({
  imports: [CqrsModule],
  providers: [CommandRunner, ResponsePlanCatalog],
  exports: [ResponsePlanCatalog],
})
export class ResponsePlanCatalogModule {}
