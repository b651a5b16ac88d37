import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { IncidentCommandRunner } from '../shared/incident-command.runner';
import type { CommandOutcome } from '../shared/run-incident-command';
import { DeclareIncidentCommand } from './declare-incident.command';

@CommandHandler(DeclareIncidentCommand)
export class DeclareIncidentHandler implements ICommandHandler<
  DeclareIncidentCommand,
  CommandOutcome
> {
  constructor(private readonly runner: IncidentCommandRunner) {}

  execute({ input, context }: DeclareIncidentCommand): Promise<CommandOutcome> {
    const incidentId = randomUUID();
    return this.runner.run(
      incidentId,
      (declaredAt) => ({
        type: 'DeclareIncident',
        data: {
          incidentId,
          title: input.title,
          severity: input.severity,
          ...(input.description !== undefined ? { description: input.description } : {}),
          services: input.services,
          reportedBy: input.reportedBy ?? context.actor,
          declaredAt,
        },
      }),
      context,
    );
  }
}
