import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IncidentModule } from '@sitrep/incident';
import { ALERT_PIPELINE } from './alert-pipeline.port';
import { AlertPipelineService } from './pipeline/alert-pipeline.service';
import { GetIncidentAlertsHandler } from './read-models/incident-alerts/get-incident-alerts.query';
import { IncidentAlertsHttpController } from './read-models/incident-alerts/incident-alerts.http.controller';

/**
 * Alerts → incidents, and `GET /api/v1/incidents/:id/alerts`. Exports ALERT_PIPELINE for the
 * intake module. Needs the event store and database (SitrepCoreModule).
 */
@Module({
  imports: [CqrsModule, IncidentModule],
  controllers: [IncidentAlertsHttpController],
  providers: [
    AlertPipelineService,
    { provide: ALERT_PIPELINE, useExisting: AlertPipelineService },
    GetIncidentAlertsHandler,
  ],
  exports: [ALERT_PIPELINE],
})
export class AlertPipelineModule {}
