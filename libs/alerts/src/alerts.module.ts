import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AlertIntakeModule } from './intake/alert-intake.module';
import { GetIncidentAlertsHandler } from './read-models/incident-alerts/get-incident-alerts.query';
import { IncidentAlertsHttpController } from './read-models/incident-alerts/incident-alerts.http.controller';

/**
 * Alerts over HTTP: integrations (admin), the webhook door that records every delivery before
 * answering, the raw deliveries, and `GET /api/v1/incidents/:id/alerts`. The processing is
 * background work (AlertProcessingModule).
 */
@Module({
  imports: [CqrsModule, AlertIntakeModule.forRoot({})],
  controllers: [IncidentAlertsHttpController],
  providers: [GetIncidentAlertsHandler],
})
export class AlertsModule {}
