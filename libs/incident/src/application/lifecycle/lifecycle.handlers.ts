import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { IncidentCommand } from '../../domain';
import { reportOf } from '../declare-incident/declare-incident.handler';
import { ResponsePlanCatalog } from '../response-plans/response-plan.catalog';
import { IncidentCommandHandler } from '../shared/incident-command.handler';
import { IncidentCommandRunner } from '../shared/incident-command.runner';
import type { CommandOutcome } from '../shared/run-incident-command';
import {
  ChangeSeverityCommand,
  CloseIncidentCommand,
  ConfirmIncidentCommand,
  DismissPotentialIncidentCommand,
  MitigateIncidentCommand,
  OpenPotentialIncidentCommand,
  ReopenIncidentCommand,
} from './lifecycle.commands';

/** Triage records the plan in force; nobody is notified until the incident is confirmed. */
@CommandHandler(OpenPotentialIncidentCommand)
export class OpenPotentialIncidentHandler implements ICommandHandler<
  OpenPotentialIncidentCommand,
  CommandOutcome
> {
  constructor(
    private readonly runner: IncidentCommandRunner,
    private readonly plans: ResponsePlanCatalog,
  ) {}

  async execute({ input, context }: OpenPotentialIncidentCommand): Promise<CommandOutcome> {
    const { contacts: _notNeededYet, ...plan } = await this.plans.inForce(input.responsePlanId);
    const incidentId = randomUUID();
    return this.runner.run(
      incidentId,
      (openedAt) => ({
        type: 'OpenPotentialIncident',
        data: { ...reportOf(incidentId, input, context.actor), openedAt, plan },
      }),
      context,
    );
  }
}

/**
 * Confirming starts the notify step under the current version of the plan the incident was opened
 * under (or of the plan the request names), which may be newer than the version at opening.
 */
@CommandHandler(ConfirmIncidentCommand)
export class ConfirmIncidentHandler implements ICommandHandler<
  ConfirmIncidentCommand,
  CommandOutcome
> {
  constructor(
    private readonly runner: IncidentCommandRunner,
    private readonly plans: ResponsePlanCatalog,
  ) {}

  async execute({ incidentId, input, context }: ConfirmIncidentCommand): Promise<CommandOutcome> {
    const current = await this.runner.current(incidentId);
    const openedUnder = current.status === 'none' ? null : current.plan.planId;
    const plan = await this.plans.inForce(input.responsePlanId ?? openedUnder ?? undefined);
    return this.runner.run(
      incidentId,
      (confirmedAt) => ({
        type: 'ConfirmIncident',
        data: { incidentId, confirmedBy: context.actor, confirmedAt, plan },
      }),
      context,
    );
  }
}

@CommandHandler(DismissPotentialIncidentCommand)
export class DismissPotentialIncidentHandler extends IncidentCommandHandler<DismissPotentialIncidentCommand> {
  protected toDomain(c: DismissPotentialIncidentCommand, now: string): IncidentCommand {
    const { incidentId, input, context } = c;
    const data = { incidentId, reason: input.reason, dismissedBy: context.actor, dismissedAt: now };
    return { type: 'DismissPotentialIncident', data };
  }
}

@CommandHandler(MitigateIncidentCommand)
export class MitigateIncidentHandler extends IncidentCommandHandler<MitigateIncidentCommand> {
  protected toDomain(c: MitigateIncidentCommand, now: string): IncidentCommand {
    const { incidentId, input, context } = c;
    const data = {
      incidentId,
      summary: input.summary,
      mitigatedBy: context.actor,
      mitigatedAt: now,
    };
    return { type: 'MitigateIncident', data };
  }
}

@CommandHandler(CloseIncidentCommand)
export class CloseIncidentHandler extends IncidentCommandHandler<CloseIncidentCommand> {
  protected toDomain({ incidentId, input, context }: CloseIncidentCommand, now: string) {
    return {
      type: 'CloseIncident' as const,
      data: { incidentId, ...input, closedBy: context.actor, closedAt: now },
    };
  }
}

@CommandHandler(ReopenIncidentCommand)
export class ReopenIncidentHandler extends IncidentCommandHandler<ReopenIncidentCommand> {
  protected toDomain(c: ReopenIncidentCommand, now: string): IncidentCommand {
    const { incidentId, input, context } = c;
    const data = { incidentId, reason: input.reason, reopenedBy: context.actor, reopenedAt: now };
    return { type: 'ReopenIncident', data };
  }
}

@CommandHandler(ChangeSeverityCommand)
export class ChangeSeverityHandler extends IncidentCommandHandler<ChangeSeverityCommand> {
  protected toDomain({ incidentId, input, context }: ChangeSeverityCommand, now: string) {
    const { severity, reason } = input;
    return {
      type: 'ChangeSeverity' as const,
      data: { incidentId, severity, reason, changedBy: context.actor, changedAt: now },
    };
  }
}
