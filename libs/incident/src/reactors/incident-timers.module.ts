import {
  Inject,
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CommandRunner } from '@sitrep/messaging';
import { CLOCK, DATABASE, type Clock, type Database } from '@sitrep/platform';
import { TimerDispatcher } from '@sitrep/timers';
import { FireIncidentTimers } from './fire-incident-timers.handlers';

/** Fires the incident timers that come due, by the injected clock, while the app runs. */
@Injectable()
export class IncidentTimersDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly dispatcher: TimerDispatcher;

  constructor(
    @Inject(DATABASE) database: Database,
    @Inject(CLOCK) clock: Clock,
    fire: FireIncidentTimers,
  ) {
    this.dispatcher = new TimerDispatcher(database, clock, fire.handlers());
  }

  onApplicationBootstrap(): void {
    this.dispatcher.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.dispatcher.stop();
  }

  /** Fires everything due now (tests move a ManualClock and call this instead of waiting a poll). */
  tick(): Promise<number> {
    return this.dispatcher.tick();
  }
}

/**
 * The incident timers' dispatcher, for the process that runs the projections (worker or
 * all-in-one). Needs DATABASE, CLOCK and EVENT_STORE from the app, the `timers` table
 * (timerMigrations) and the ScheduleIncidentTimersReactor among the app's projections.
 */
@Module({
  imports: [CqrsModule],
  providers: [CommandRunner, FireIncidentTimers, IncidentTimersDispatcher],
  exports: [IncidentTimersDispatcher],
})
export class IncidentTimersModule {}
