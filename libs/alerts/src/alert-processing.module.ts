import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ResponsePlanCatalogModule } from '@sitrep/incident';
import { SITREP_CONFIG, type SitrepConfig } from '@sitrep/platform';
import { DeliveryRetentionService } from './intake/delivery-retention.service';
import { AlertPipelineService } from './pipeline/alert-pipeline.service';
import { AlertProcessorService } from './pipeline/alert-processor.service';
import { createSourceRegistry, SOURCE_REGISTRY } from './source-registry';

/**
 * Background work: the alert processor turns accepted deliveries into alert, grouping and
 * incident events, and the raw deliveries it is done with are deleted after
 * DELIVERY_RETENTION_DAYS. Needs the event store and database (SitrepCoreModule); runs in the
 * worker (or the all-in-one process), never in an api-only one.
 */
@Module({
  imports: [CqrsModule, ResponsePlanCatalogModule],
  providers: [
    AlertPipelineService,
    AlertProcessorService,
    DeliveryRetentionService,
    // The sources answer handshakes after acceptance (SNS: confirm the subscription).
    {
      provide: SOURCE_REGISTRY,
      inject: [SITREP_CONFIG],
      useFactory: (config: SitrepConfig) =>
        createSourceRegistry(
          config.snsConfirmSubscriptions ? {} : { confirmSnsSubscription: confirmationsOff },
        ),
    },
  ],
  exports: [AlertProcessorService],
})
export class AlertProcessingModule {}

async function confirmationsOff(): Promise<string> {
  throw new Error(
    'SNS_CONFIRM_SUBSCRIPTIONS is false: confirm in the AWS console, or visit the SubscribeURL in the delivery body',
  );
}
