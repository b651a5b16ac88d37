import { Inject, Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '@sitrep/platform';
import { EVENT_STORE, type EventStore } from '@sitrep/event-store';
import { incidentDecider, type IncidentCommand, type IncidentState } from '../../domain';
import type { CommandContext } from './command-context';
import { IncidentVersionMismatchError } from './incident-errors';
import { incidentStreamId } from './incident-stream';
import type { CommandOutcome } from './run-incident-command';
import { StreamCommandRunner, type CommandFactory } from './stream-command.runner';

/**
 * Runs incident commands: HTTP handlers, and reactors and timers that hold a domain command
 * (they set `context.source`, e.g. `timer`). `now` is the clock's time, read once per call.
 */
@Injectable()
export class IncidentCommandRunner extends StreamCommandRunner {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) clock: Clock,
    eventBus: EventBus,
  ) {
    super(store, clock, eventBus);
  }

  async run(
    incidentId: string,
    command: CommandFactory<IncidentCommand, IncidentState>,
    context: CommandContext,
  ): Promise<CommandOutcome> {
    const outcome = await this.runOn(
      incidentStreamId(incidentId),
      incidentDecider,
      command,
      context,
      (expected, actual) => new IncidentVersionMismatchError(incidentId, expected, actual),
    );
    return { incidentId, ...outcome };
  }

  /** The incident as it stands, for handlers that must look before they build their command. */
  async current(incidentId: string): Promise<IncidentState> {
    return (await this.fold(incidentStreamId(incidentId), incidentDecider)).state;
  }
}
