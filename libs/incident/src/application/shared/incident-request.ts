import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  CommandRunner,
  type BuildCommand,
  type CommandContext,
  type CommandResult,
} from '@sitrep/messaging';
import type { IncidentCommand, IncidentEvent, IncidentState } from '../../domain';
import { incidentStreams } from './incident.stream-kind';

export type IncidentResult = CommandResult<IncidentEvent>;

/**
 * The bus command of every incident use case that needs nothing but the request: the controller
 * says which domain command the request becomes, given the time (and, rarely, the stream as it
 * stands); the runner supplies those. A use case that must read something first (the plan in
 * force) has its own bus command and handler instead (lifecycle.handlers.ts).
 */
export class IncidentRequest {
  constructor(
    readonly incidentId: string,
    readonly command: BuildCommand<IncidentCommand, IncidentState>,
    readonly context: CommandContext,
  ) {}
}

@CommandHandler(IncidentRequest)
export class IncidentRequestHandler implements ICommandHandler<IncidentRequest, IncidentResult> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ incidentId, command, context }: IncidentRequest): Promise<IncidentResult> {
    return this.runner.run(incidentStreams, incidentId, command, context);
  }
}
