import { Inject, Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { CLOCK, type Clock } from '@sitrep/platform';
import { EVENT_STORE, type EventStore } from '@sitrep/event-store';
import {
  responsePlanDecider,
  type ResponsePlanCommand,
  type ResponsePlanEvent,
  type ResponsePlanState,
} from '../../domain';
import type { CommandContext } from '../shared/command-context';
import type { StreamOutcome } from '../shared/run-stream-command';
import { StreamCommandRunner, type CommandFactory } from '../shared/stream-command.runner';
import { ResponsePlanVersionMismatchError } from './response-plan.app-errors';
import { responsePlanStreamId } from './response-plan-stream';

export type ResponsePlanOutcome = StreamOutcome<ResponsePlanEvent> & { planId: string };

/** Runs response plan commands on `response-plan-<id>`, as IncidentCommandRunner does incidents. */
@Injectable()
export class ResponsePlanCommandRunner extends StreamCommandRunner {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) clock: Clock,
    eventBus: EventBus,
  ) {
    super(store, clock, eventBus);
  }

  async run(
    planId: string,
    command: CommandFactory<ResponsePlanCommand, ResponsePlanState>,
    context: CommandContext,
  ): Promise<ResponsePlanOutcome> {
    const outcome = await this.runOn(
      responsePlanStreamId(planId),
      responsePlanDecider,
      command,
      context,
      (expected, actual) => new ResponsePlanVersionMismatchError(planId, expected, actual),
    );
    return { planId, ...outcome };
  }

  /** The plan's stored events and the state they fold to. */
  load(planId: string) {
    return this.fold(responsePlanStreamId(planId), responsePlanDecider);
  }
}
