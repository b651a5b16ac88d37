import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { IncidentCommandRunner } from '../shared/incident-command.runner';
import type { CommandOutcome } from '../shared/run-incident-command';
import { ResolveIncidentCommand } from './resolve-incident.command';

@CommandHandler(ResolveIncidentCommand)
export class ResolveIncidentHandler implements ICommandHandler<
  ResolveIncidentCommand,
  CommandOutcome
> {
  constructor(private readonly runner: IncidentCommandRunner) {}

  execute({
    incidentId,
    resolutionSummary,
    context,
  }: ResolveIncidentCommand): Promise<CommandOutcome> {
    return this.runner.run(
      incidentId,
      (resolvedAt) => ({
        type: 'ResolveIncident',
        data: { incidentId, resolutionSummary, resolvedBy: context.actor, resolvedAt },
      }),
      context,
    );
  }
}
