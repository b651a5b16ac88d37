import {
  Inject,
  Injectable,
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
import { EventsAppended, type ReadYourWrites } from '../events-appended';
import { PROJECTIONS, type Projection } from '../projection';
import { GlobalLogSubscription } from './global-log-subscription';

/** Runs every projection in this process, each on its own subscription to the global log. */
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

  constructor(
    @Inject(PROJECTIONS) projections: Projection[],
    @Inject(DATABASE) database: Database,
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(CHECKPOINT_STORE) checkpoints: CheckpointStore,
  ) {
    this.subscriptions = projections.map(
      (p) => new GlobalLogSubscription(p, database, events, checkpoints),
    );
  }

  onApplicationBootstrap(): void {
    this.subscriptions.forEach((s) => s.start());
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.subscriptions.map((s) => s.stop()));
  }

  handle(): void {
    this.subscriptions.forEach((s) => s.wake());
  }

  async waitUntilProjected(globalPosition: number, timeoutMs = 2_000): Promise<boolean> {
    const results = await Promise.all(
      this.subscriptions.map((s) => s.waitFor(globalPosition, timeoutMs)),
    );
    return results.every(Boolean);
  }

  async catchUp(): Promise<void> {
    for (const s of this.subscriptions) await s.catchUp();
  }
}
