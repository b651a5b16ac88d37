import { Inject, Module } from '@nestjs/common';
import { DATABASE, type Database } from '@sitrep/platform';
import {
  CHECKPOINT_STORE,
  EVENT_STORE,
  type CheckpointStore,
  type EventStore,
} from '@sitrep/event-store';
import { incidentProjections } from '@sitrep/incident';
import { alertProjections } from '@sitrep/alerts';
import { ProjectionMaintenance, type Projection } from '@sitrep/messaging';
import { SitrepCoreModule } from '@sitrep/runtime';

/** The operator's CLI: the same database, event store and projections as the apps, no HTTP. */
@Module({
  imports: [SitrepCoreModule],
})
export class CliModule {
  readonly projections: Projection[] = [...incidentProjections, ...alertProjections].map(
    (P) => new P(),
  );
  readonly maintenance: ProjectionMaintenance;

  constructor(
    @Inject(DATABASE) database: Database,
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(CHECKPOINT_STORE) checkpoints: CheckpointStore,
  ) {
    this.maintenance = new ProjectionMaintenance(database, events, checkpoints);
  }
}
