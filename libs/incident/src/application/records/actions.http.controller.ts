import { randomUUID } from 'node:crypto';
import { Body, Controller, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@sitrep/messaging';
import { UuidParam, type ReplyHeaders } from '@sitrep/platform';
import { CommandReplies, CommandRoute, RequestContext } from '../shared/command-http';
import type { IncidentCommandResponse } from '../shared/incident-command.response';
import { ActionAddedResponse } from '../shared/record-responses';
import {
  AddActionRequest,
  CancelActionRequest,
  CompleteActionRequest,
} from './records.request.dto';

type Reply = Promise<IncidentCommandResponse>;
const FINISHED = ['INCIDENT.ACTION_COMPLETED', 'INCIDENT.ACTION_CANCELLED', 'INCIDENT.CLOSED'];

/** Step 4: execute the plan. Actions have owners and due times, and may carry out a decision. */
@ApiTags('incidents')
@Controller('api/v1/incidents')
export class ActionsHttpController {
  constructor(private readonly replies: CommandReplies) {}

  @CommandRoute({
    path: ':id/actions',
    summary: 'Add an action (404 INCIDENT.DECISION_NOT_FOUND for an unknown decision)',
    created: true,
    type: ActionAddedResponse,
    conflicts: ['INCIDENT.CLOSED', 'INCIDENT.DISMISSED'],
  })
  async add(
    @UuidParam() id: string,
    @Body() body: AddActionRequest,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ): Promise<ActionAddedResponse> {
    const actionId = randomUUID();
    const reply = await this.replies.run(id, context, res, (addedAt) => ({
      type: 'AddAction',
      data: { incidentId: id, ...body, actionId, addedBy: context.actor, addedAt },
    }));
    return { ...reply, actionId };
  }

  @CommandRoute({
    path: ':id/actions/:actionId/start',
    summary: 'Start an action',
    conflicts: FINISHED,
  })
  start(
    @UuidParam() id: string,
    @UuidParam('actionId') actionId: string,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ): Reply {
    return this.replies.run(id, context, res, (startedAt) => ({
      type: 'StartAction',
      data: { incidentId: id, actionId, startedBy: context.actor, startedAt },
    }));
  }

  @CommandRoute({
    path: ':id/actions/:actionId/complete',
    summary: 'Complete an action',
    conflicts: FINISHED,
  })
  complete(
    @UuidParam() id: string,
    @UuidParam('actionId') actionId: string,
    @Body() body: CompleteActionRequest,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ): Reply {
    return this.replies.run(id, context, res, (completedAt) => ({
      type: 'CompleteAction',
      data: { incidentId: id, ...body, actionId, completedBy: context.actor, completedAt },
    }));
  }

  @CommandRoute({
    path: ':id/actions/:actionId/cancel',
    summary: 'Cancel an action',
    conflicts: FINISHED,
  })
  cancel(
    @UuidParam() id: string,
    @UuidParam('actionId') actionId: string,
    @Body() body: CancelActionRequest,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ): Reply {
    return this.replies.run(id, context, res, (cancelledAt) => ({
      type: 'CancelAction',
      data: { incidentId: id, ...body, actionId, cancelledBy: context.actor, cancelledAt },
    }));
  }
}
