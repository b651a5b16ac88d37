import { Module } from '@nestjs/common';
import { incidentProjections, incidentReactors, IncidentTimersModule } from '@sitrep/incident';
import { ForwarderModule, ProjectionsModule } from '@sitrep/messaging';
import { ALERT_EVENTS_ROUTE, AlertProcessingModule, alertProjections } from '@sitrep/alerts';

/**
 * The work a worker (or the all-in-one process) does besides HTTP: publish the event log to Kafka
 * (alert streams to a topic of their own), keep the read models and reactors (from Kafka or in
 * process), fire durable timers, turn accepted alert deliveries into incidents.
 */
@Module({
  imports: [
    ForwarderModule.withRoutes([ALERT_EVENTS_ROUTE]),
    ProjectionsModule.forProjections([
      ...incidentProjections,
      ...alertProjections,
      ...incidentReactors,
    ]),
    IncidentTimersModule,
    AlertProcessingModule,
  ],
})
export class BackgroundWorkModule {}
