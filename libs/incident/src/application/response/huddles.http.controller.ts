import { randomUUID } from 'node:crypto';
import { Body, Controller, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@sitrep/messaging';
import { UuidParam, type ReplyHeaders } from '@sitrep/platform';
import { CommandReplies, CommandRoute, RequestContext } from '../shared/command-http';
import type { IncidentCommandResponse } from '../shared/incident-command.response';
import { HuddleRecordedResponse } from '../shared/record-responses';
import { RecordHuddleRequest, StartTimeboxRequest } from './response.request.dto';

/** Investigate, then huddle: the rhythm of the standing process (timers mark huddles due). */
@ApiTags('incidents')
@Controller('api/v1/incidents')
export class HuddlesHttpController {
  constructor(private readonly replies: CommandReplies) {}

  @CommandRoute({
    path: ':id/huddles',
    summary: 'Record a huddle: when, who attended, what was learned',
    created: true,
    type: HuddleRecordedResponse,
    conflicts: ['INCIDENT.IN_TRIAGE', 'INCIDENT.ALREADY_RESOLVED', 'INCIDENT.CLOSED'],
  })
  async recordHuddle(
    @UuidParam() id: string,
    @Body() body: RecordHuddleRequest,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ): Promise<HuddleRecordedResponse> {
    const huddleId = randomUUID();
    const { startedAt, attendees, summary } = body;
    // Recorded once it is over: it ended now unless the scribe says when.
    const reply = await this.replies.run(id, context, res, (now) => ({
      type: 'RecordHuddle',
      data: {
        incidentId: id,
        huddleId,
        startedAt,
        endedAt: body.endedAt ?? now,
        attendees,
        summary,
        recordedBy: context.actor,
      },
    }));
    return { ...reply, huddleId };
  }

  @CommandRoute({
    path: ':id/timeboxes',
    summary: 'Start the next investigation timebox (after the huddle)',
    conflicts: ['INCIDENT.TIMEBOX_RUNNING', 'INCIDENT.HUDDLE_PENDING', 'INCIDENT.IN_TRIAGE'],
  })
  startTimebox(
    @UuidParam() id: string,
    @Body() body: StartTimeboxRequest,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ): Promise<IncidentCommandResponse> {
    const { minutes } = body;
    return this.replies.run(id, context, res, (startedAt) => ({
      type: 'StartTimebox',
      data: {
        incidentId: id,
        ...(minutes === undefined ? {} : { minutes }),
        startedBy: context.actor,
        startedAt,
      },
    }));
  }
}
