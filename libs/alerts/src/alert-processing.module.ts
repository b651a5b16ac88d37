import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ResponsePlanCatalogModule } from '@sitrep/incident';
import { AlertPipelineService } from './pipeline/alert-pipeline.service';
import { AlertProcessorService } from './pipeline/alert-processor.service';

/**
 * Background work: the alert processor turns accepted deliveries into alert, grouping and
 * incident events. Needs the event store and database (SitrepCoreModule); runs in the worker
 * (or the all-in-one process), never in an api-only one.
 */
@Module({
  imports: [CqrsModule, ResponsePlanCatalogModule],
  providers: [AlertPipelineService, AlertProcessorService],
  exports: [AlertProcessorService],
})
export class AlertProcessingModule {}
