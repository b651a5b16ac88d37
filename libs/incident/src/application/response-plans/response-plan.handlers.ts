import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandRunner, type CommandResult } from '@sitrep/messaging';
import type { ResponsePlanCommand, ResponsePlanEvent } from '../../domain';
import {
  CreateResponsePlanCommand,
  RetireResponsePlanCommand,
  ReviseResponsePlanCommand,
  type ResponsePlanInput,
} from './response-plan.commands';
import { DefaultResponsePlanRequiredError } from './response-plan.app-errors';
import { DEFAULT_RESPONSE_PLAN_ID } from './response-plan-stream';
import { responsePlanStreams } from './response-plan.stream-kind';

export type ResponsePlanResult = CommandResult<ResponsePlanEvent>;

const content = ({ name, contacts, ...terms }: ResponsePlanInput) => ({
  name,
  contacts,
  investigationMinutes: terms.investigationMinutes,
  huddleMinutes: terms.huddleMinutes,
  internalUpdateMinutes: terms.internalUpdateMinutes,
  customerUpdateMinutes: terms.customerUpdateMinutes,
});

@CommandHandler(CreateResponsePlanCommand)
export class CreateResponsePlanHandler implements ICommandHandler<
  CreateResponsePlanCommand,
  ResponsePlanResult
> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ input, context }: CreateResponsePlanCommand): Promise<ResponsePlanResult> {
    const planId = randomUUID();
    return this.runner.run(
      responsePlanStreams,
      planId,
      (createdAt): ResponsePlanCommand => ({
        type: 'CreateResponsePlan',
        data: { planId, ...content(input), createdBy: context.actor, createdAt },
      }),
      context,
    );
  }
}

/** A new version; incidents already running keep the version they recorded. */
@CommandHandler(ReviseResponsePlanCommand)
export class ReviseResponsePlanHandler implements ICommandHandler<
  ReviseResponsePlanCommand,
  ResponsePlanResult
> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ planId, input, context }: ReviseResponsePlanCommand): Promise<ResponsePlanResult> {
    return this.runner.run(
      responsePlanStreams,
      planId,
      (revisedAt): ResponsePlanCommand => ({
        type: 'ReviseResponsePlan',
        data: {
          planId,
          ...content(input),
          ...(input.reason === undefined ? {} : { reason: input.reason }),
          revisedBy: context.actor,
          revisedAt,
        },
      }),
      context,
    );
  }
}

@CommandHandler(RetireResponsePlanCommand)
export class RetireResponsePlanHandler implements ICommandHandler<
  RetireResponsePlanCommand,
  ResponsePlanResult
> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ planId, reason, context }: RetireResponsePlanCommand): Promise<ResponsePlanResult> {
    if (planId === DEFAULT_RESPONSE_PLAN_ID) throw new DefaultResponsePlanRequiredError(planId);
    return this.runner.run(
      responsePlanStreams,
      planId,
      (retiredAt): ResponsePlanCommand => ({
        type: 'RetireResponsePlan',
        data: {
          planId,
          ...(reason === undefined ? {} : { reason }),
          retiredBy: context.actor,
          retiredAt,
        },
      }),
      context,
    );
  }
}
