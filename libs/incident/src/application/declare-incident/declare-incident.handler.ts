import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ResponsePlanCatalog } from '../response-plans/response-plan.catalog';
import { IncidentCommandRunner } from '../shared/incident-command.runner';
import type { CommandOutcome } from '../shared/run-incident-command';
import { DeclareIncidentCommand, type DeclareIncidentInput } from './declare-incident.command';

/** Declaring starts the notify step at once: the plan in force comes with the command. */
@CommandHandler(DeclareIncidentCommand)
export class DeclareIncidentHandler implements ICommandHandler<
  DeclareIncidentCommand,
  CommandOutcome
> {
  constructor(
    private readonly runner: IncidentCommandRunner,
    private readonly plans: ResponsePlanCatalog,
  ) {}

  async execute({ input, context }: DeclareIncidentCommand): Promise<CommandOutcome> {
    const plan = await this.plans.inForce(input.responsePlanId);
    const incidentId = randomUUID();
    return this.runner.run(
      incidentId,
      (declaredAt) => ({
        type: 'DeclareIncident',
        data: { ...reportOf(incidentId, input, context.actor), declaredAt, plan },
      }),
      context,
    );
  }
}

/** What someone reports, declaring or opening a potential incident. */
export function reportOf(incidentId: string, input: DeclareIncidentInput, actor: string) {
  return {
    incidentId,
    title: input.title,
    severity: input.severity,
    ...(input.description !== undefined ? { description: input.description } : {}),
    services: input.services,
    reportedBy: input.reportedBy ?? actor,
  };
}
