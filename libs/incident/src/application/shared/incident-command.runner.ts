import { Inject, Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '@sitrep/platform';
import { EVENT_STORE, type EventStore } from '@sitrep/event-store';
import { EventsAppended } from '@sitrep/messaging';
import type { IncidentCommand } from '../../domain';
import { metadataOf, type CommandContext } from './command-context';
import { runIncidentCommand, type CommandOutcome } from './run-incident-command';

/** What every incident command handler shares: the store, the clock, and the wake-up after commit. */
@Injectable()
export class IncidentCommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly eventBus: EventBus,
  ) {}

  async run(
    incidentId: string,
    command: (now: string) => IncidentCommand,
    context: CommandContext,
  ): Promise<CommandOutcome> {
    const now = this.clock.now().toISOString();
    const outcome = await runIncidentCommand(this.store, incidentId, () => command(now), {
      metadata: metadataOf(context),
      expectedVersion: context.expectedVersion,
    });
    if (outcome.lastGlobalPosition !== null) {
      this.eventBus.publish(new EventsAppended(outcome.lastGlobalPosition));
    }
    return outcome;
  }
}
