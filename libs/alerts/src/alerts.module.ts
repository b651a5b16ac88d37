import { Module } from '@nestjs/common';
import { AlertPipelineModule } from './alert-pipeline.module';
import { AlertIntakeModule } from './intake/alert-intake.module';

/**
 * Alerts from monitoring tools: integrations (admin), the webhook intake that stores every
 * delivery raw before answering, and the pipeline that turns alerts into incidents.
 */
@Module({
  imports: [AlertPipelineModule, AlertIntakeModule.forRoot({ imports: [AlertPipelineModule] })],
})
export class AlertsModule {}
