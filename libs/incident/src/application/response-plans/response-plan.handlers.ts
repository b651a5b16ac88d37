import { randomUUID } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  ResponsePlanCommandRunner,
  type ResponsePlanOutcome,
} from './response-plan-command.runner';
import {
  CreateResponsePlanCommand,
  RetireResponsePlanCommand,
  ReviseResponsePlanCommand,
  type ResponsePlanInput,
} from './response-plan.commands';
import { DefaultResponsePlanRequiredError } from './response-plan.app-errors';
import { DEFAULT_RESPONSE_PLAN_ID } from './response-plan-stream';

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
  ResponsePlanOutcome
> {
  constructor(private readonly plans: ResponsePlanCommandRunner) {}

  execute({ input, context }: CreateResponsePlanCommand): Promise<ResponsePlanOutcome> {
    const planId = randomUUID();
    return this.plans.run(
      planId,
      (createdAt) => ({
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
  ResponsePlanOutcome
> {
  constructor(private readonly plans: ResponsePlanCommandRunner) {}

  execute({ planId, input, context }: ReviseResponsePlanCommand): Promise<ResponsePlanOutcome> {
    return this.plans.run(
      planId,
      (revisedAt) => ({
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
  ResponsePlanOutcome
> {
  constructor(private readonly plans: ResponsePlanCommandRunner) {}

  execute({ planId, reason, context }: RetireResponsePlanCommand): Promise<ResponsePlanOutcome> {
    if (planId === DEFAULT_RESPONSE_PLAN_ID) throw new DefaultResponsePlanRequiredError(planId);
    return this.plans.run(
      planId,
      (retiredAt) => ({
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
