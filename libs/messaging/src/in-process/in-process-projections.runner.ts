import {
  Inject,
  Injectable,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { DATABASE, type Database } from '@sitrep/platform';
import {
  CHECKPOINT_STORE,
  EVENT_STORE,
  type CheckpointStore,
  type EventStore,
} from '@sitrep/event-store';
import {
  PROJECTIONS_TRANSPORT,
  type ProjectionsTransport,
} from '../applying/projections-transport';
import {
  EventsAppended,
  READ_YOUR_WRITES_TIMEOUT_MS,
  type ProjectedWait,
  type ReadYourWrites,
} from '../events-appended';
import { SitrepMetrics } from '../metrics/sitrep-metrics';
import { PROJECTIONS, type Projection } from '../projection';
import { GlobalLogSubscription } from './global-log-subscription';

/**
 * Runs every projection in this process, each on its own subscription to the global log. Inert
 * when the process's transport is Kafka (it is registered either way so the choice is made at start).
 */
@Injectable()
@EventsHandler(EventsAppended)
export class InProcessProjectionsRunner
  implements
    IEventHandler<EventsAppended>,
    ReadYourWrites,
    OnApplicationBootstrap,
    OnApplicationShutdown
{
  readonly subscriptions: GlobalLogSubscription[];
  private started = false;

  constructor(
    @Inject(PROJECTIONS) projections: Projection[],
    @Inject(DATABASE) database: Database,
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(CHECKPOINT_STORE) checkpoints: CheckpointStore,
    @Optional() @Inject(PROJECTIONS_TRANSPORT) private readonly transport?: ProjectionsTransport,
    @Optional() metrics?: SitrepMetrics,
  ) {
    this.subscriptions = projections.map((p) => {
      metrics?.registerProjection(p.name);
      return new GlobalLogSubscription(p, database, events, checkpoints, { metrics });
    });
  }

  get active(): boolean {
    return this.transport !== 'kafka';
  }

  onApplicationBootstrap(): void {
    if (!this.active) return;
    this.started = true;
    this.subscriptions.forEach((s) => s.start());
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.started) return;
    await Promise.all(this.subscriptions.map((s) => s.stop()));
  }

  handle(): void {
    this.subscriptions.forEach((s) => s.wake());
  }

  /** Every subscription tails the whole log, so which stream the event is of does not matter. */
  async waitUntilProjected(
    globalPosition: number,
    { timeoutMs = READ_YOUR_WRITES_TIMEOUT_MS }: ProjectedWait = {},
  ): Promise<boolean> {
    const results = await Promise.all(
      this.subscriptions.map((s) => s.waitFor(globalPosition, timeoutMs)),
    );
    return results.every(Boolean);
  }

  async catchUp(): Promise<void> {
    for (const s of this.subscriptions) await s.catchUp();
  }
}
