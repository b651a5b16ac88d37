import { Module } from '@nestjs/common';
import { incidentProjections, incidentReactors, IncidentTimersModule } from '@sitrep/incident';
import { ForwarderModule, ProjectionsModule } from '@sitrep/messaging';
import { alertProjections } from '@sitrep/alerts';

/**
 * The work a worker (or the all-in-one process) does besides HTTP: publish the event log to Kafka,
 * keep the read models and reactors (from Kafka or in process), fire durable timers.
 */
@Module({
  imports: [
    ForwarderModule,
    ProjectionsModule.forProjections([
      ...incidentProjections,
      ...alertProjections,
      ...incidentReactors,
    ]),
    IncidentTimersModule,
  ],
})
export class BackgroundWorkModule {}
