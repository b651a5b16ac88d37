import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { IncidentCommandRunner } from '../shared/incident-command.runner';
import type { CommandOutcome } from '../shared/run-incident-command';
import { AcknowledgeIncidentCommand } from './acknowledge-incident.command';

@CommandHandler(AcknowledgeIncidentCommand)
export class AcknowledgeIncidentHandler implements ICommandHandler<
  AcknowledgeIncidentCommand,
  CommandOutcome
> {
  constructor(private readonly runner: IncidentCommandRunner) {}

  execute({ incidentId, context }: AcknowledgeIncidentCommand): Promise<CommandOutcome> {
    return this.runner.run(
      incidentId,
      (acknowledgedAt) => ({
        type: 'AcknowledgeIncident',
        data: { incidentId, acknowledgedBy: context.actor, acknowledgedAt },
      }),
      context,
    );
  }
}
