import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ResponsePlanCatalog } from './response-plan.catalog';

/** The default plan exists out of the box: created at start-up when absent (idempotently). */
@Injectable()
export class DefaultResponsePlan implements OnApplicationBootstrap {
  constructor(private readonly catalog: ResponsePlanCatalog) {}

  onApplicationBootstrap(): Promise<void> {
    return this.catalog.ensureDefault();
  }
}
