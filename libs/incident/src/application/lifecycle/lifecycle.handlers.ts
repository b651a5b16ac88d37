import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner } from '@sitrep/messaging';
import { ResponsePlanCatalog } from '../response-plans/response-plan.catalog';
import type { IncidentCommand } from '../../domain';
import type { IncidentResult } from '../shared/incident-request';
import { incidentStreams } from '../shared/incident.stream-kind';
import {
  ConfirmIncidentCommand,
  DeclareIncidentCommand,
  OpenPotentialIncidentCommand,
} from './lifecycle.commands';
import type { DeclareIncidentRequest } from './lifecycle.request.dto';

/** Declaring starts the notify step at once: the plan in force comes with the command. */
@CommandHandler(DeclareIncidentCommand)
export class DeclareIncidentHandler implements ICommandHandler<
  DeclareIncidentCommand,
  IncidentResult
> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly plans: ResponsePlanCatalog,
  ) {}

  async execute({ request, context }: DeclareIncidentCommand): Promise<IncidentResult> {
    const plan = await this.plans.inForce(request.responsePlanId);
    const incidentId = randomUUID();
    return this.runner.run(
      incidentStreams,
      incidentId,
      (declaredAt): IncidentCommand => ({
        type: 'DeclareIncident',
        data: { ...reportOf(incidentId, request, context.actor), declaredAt, plan },
      }),
      context,
    );
  }
}

/** Triage records the plan in force; nobody is notified until the incident is confirmed. */
@CommandHandler(OpenPotentialIncidentCommand)
export class OpenPotentialIncidentHandler implements ICommandHandler<
  OpenPotentialIncidentCommand,
  IncidentResult
> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly plans: ResponsePlanCatalog,
  ) {}

  async execute({ request, context }: OpenPotentialIncidentCommand): Promise<IncidentResult> {
    const { contacts: _notNeededYet, ...plan } = await this.plans.inForce(request.responsePlanId);
    const incidentId = randomUUID();
    return this.runner.run(
      incidentStreams,
      incidentId,
      (openedAt): IncidentCommand => ({
        type: 'OpenPotentialIncident',
        data: { ...reportOf(incidentId, request, context.actor), openedAt, plan },
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
  IncidentResult
> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly plans: ResponsePlanCatalog,
  ) {}

  async execute({ incidentId, request, context }: ConfirmIncidentCommand): Promise<IncidentResult> {
    const { state } = await this.runner.load(incidentStreams, incidentId);
    const openedUnder = state.status === 'none' ? null : state.plan.planId;
    const plan = await this.plans.inForce(request.responsePlanId ?? openedUnder ?? undefined);
    return this.runner.run(
      incidentStreams,
      incidentId,
      (confirmedAt): IncidentCommand => ({
        type: 'ConfirmIncident',
        data: { incidentId, confirmedBy: context.actor, confirmedAt, plan },
      }),
      context,
    );
  }
}

/** What someone reports, declaring or opening a potential incident (the domain drops repeats). */
function reportOf(incidentId: string, request: DeclareIncidentRequest, actor: string) {
  return {
    incidentId,
    title: request.title,
    severity: request.severity,
    ...(request.description !== undefined ? { description: request.description } : {}),
    services: request.services ?? [],
    reportedBy: request.reportedBy ?? actor,
  };
}
