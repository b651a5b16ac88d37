import { Injectable } from '@nestjs/common';
import type { RecordedEvent } from '@sitrep/event-store';
import type { IncidentCommand } from '../../domain';
import type { CommandContext } from './command-context';
import { IncidentCommandRunner } from './incident-command.runner';
import type { CommandOutcome } from './run-incident-command';

/** A bus command about one incident: what the request asked (`input`), and who asked. */
export abstract class IncidentRequest<I> {
  constructor(
    readonly incidentId: string,
    readonly input: I,
    readonly context: CommandContext,
  ) {}
}

/**
 * The thin shell every incident use case shares: build the domain command from the request, the
 * time and the actor, and run it. Subclasses only say how the request becomes the domain command.
 */
@Injectable()
export abstract class IncidentCommandHandler<T extends IncidentRequest<unknown>> {
  constructor(protected readonly runner: IncidentCommandRunner) {}

  execute(command: T): Promise<CommandOutcome> {
    return this.runner.run(
      command.incidentId,
      (now, _state, recorded) => this.toDomain(command, now, recorded),
      command.context,
    );
  }

  protected abstract toDomain(
    command: T,
    now: string,
    recorded: readonly RecordedEvent[],
  ): IncidentCommand;
}
