import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IncidentModule, TimelineContributions } from '@sitrep/incident';
import { AlertIntakeModule } from './intake/alert-intake.module';
import { AlertTimelineContribution } from './read-models/incident-alerts/alert-timeline.contribution';
import { GetIncidentAlertsHandler } from './read-models/incident-alerts/get-incident-alerts.query';
import { IncidentAlertsHttpController } from './read-models/incident-alerts/incident-alerts.http.controller';

/**
 * Alerts over HTTP: integrations (admin), the webhook intake that records every delivery before
 * answering, the raw deliveries, `GET /api/v1/incidents/:id/alerts`, and the alert decisions on
 * the incident's timeline (kind `alert`). The processing is background work
 * (AlertProcessingModule).
 */
@Module({
  imports: [CqrsModule, IncidentModule, AlertIntakeModule.forRoot({})],
  controllers: [IncidentAlertsHttpController],
  providers: [GetIncidentAlertsHandler, AlertTimelineContribution],
})
export class AlertsModule {
  constructor(contributions: TimelineContributions, alertTimeline: AlertTimelineContribution) {
    contributions.add(alertTimeline);
  }
}
