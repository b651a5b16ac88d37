import type { Contact, PlanTerms } from '../../domain';
import type { CommandContext } from '@sitrep/messaging';

/** A whole version of a plan, as an admin writes it. */
export interface ResponsePlanInput extends PlanTerms {
  name: string;
  contacts: Contact[];
}

export class CreateResponsePlanCommand {
  constructor(
    readonly input: ResponsePlanInput,
    readonly context: CommandContext,
  ) {}
}

export class ReviseResponsePlanCommand {
  constructor(
    readonly planId: string,
    readonly input: ResponsePlanInput & { reason?: string },
    readonly context: CommandContext,
  ) {}
}

export class RetireResponsePlanCommand {
  constructor(
    readonly planId: string,
    readonly reason: string | undefined,
    readonly context: CommandContext,
  ) {}
}
