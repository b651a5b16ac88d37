import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireScopes, UuidParam, type ReplyHeaders } from '@sitrep/platform';
import type { CommandContext } from '@sitrep/messaging';
import { CommandReplies, CommandRoute, RequestContext } from '../shared/command-http';
import { IncidentCommandResponse } from '../shared/incident-command.response';
import {
  ConfirmIncidentCommand,
  DeclareIncidentCommand,
  OpenPotentialIncidentCommand,
} from './lifecycle.commands';
import {
  ChangeSeverityRequest,
  CloseIncidentRequest,
  ConfirmIncidentRequest,
  DeclareIncidentRequest,
  MitigateIncidentRequest,
  ReasonRequest,
  ResolveIncidentRequest,
} from './lifecycle.request.dto';

type Reply = Promise<IncidentCommandResponse>;

/**
 * How an incident moves: triage, confirmation or dismissal, acknowledgement, mitigation,
 * resolution, closure, reopening.
 */
@ApiTags('incidents')
@ApiBearerAuth()
@Controller('api/v1/incidents')
export class LifecycleHttpController {
  constructor(private readonly replies: CommandReplies) {}

  @Post()
  @HttpCode(201)
  @RequireScopes('incidents:write')
  @ApiOperation({ summary: 'Declare an incident: notify the plan contacts, start investigating' })
  @ApiCreatedResponse({ type: IncidentCommandResponse, description: 'ETag is the version.' })
  declare(
    @Body() body: DeclareIncidentRequest,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ): Reply {
    return this.opening(new DeclareIncidentCommand(body, context), res);
  }

  @Post('potential')
  @HttpCode(201)
  @RequireScopes('incidents:write')
  @ApiOperation({ summary: 'Open a potential incident in triage (nobody is notified yet)' })
  @ApiCreatedResponse({ type: IncidentCommandResponse, description: 'ETag is the version.' })
  open(
    @Body() body: DeclareIncidentRequest,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ): Reply {
    return this.opening(new OpenPotentialIncidentCommand(body, context), res);
  }

  @CommandRoute({
    path: ':id/acknowledge',
    summary: 'Acknowledge the incident (a second acknowledgement changes nothing)',
    conflicts: ['INCIDENT.ALREADY_RESOLVED', 'INCIDENT.CLOSED'],
  })
  acknowledge(
    @UuidParam() id: string,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ): Reply {
    return this.replies.run(id, context, res, (acknowledgedAt) => ({
      type: 'AcknowledgeIncident',
      data: { incidentId: id, acknowledgedBy: context.actor, acknowledgedAt },
    }));
  }

  @CommandRoute({
    path: ':id/resolve',
    summary: 'Resolve the incident with a summary of the resolution',
    conflicts: ['INCIDENT.ALREADY_RESOLVED', 'INCIDENT.IN_TRIAGE', 'INCIDENT.CLOSED'],
  })
  resolve(
    @UuidParam() id: string,
    @Body() body: ResolveIncidentRequest,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ): Reply {
    const { resolutionSummary } = body;
    return this.replies.run(id, context, res, (resolvedAt) => ({
      type: 'ResolveIncident',
      data: { incidentId: id, resolutionSummary, resolvedBy: context.actor, resolvedAt },
    }));
  }

  @CommandRoute({
    path: ':id/confirm',
    summary: 'Confirm a potential incident: notify the plan contacts, start investigating',
    conflicts: ['INCIDENT.NOT_IN_TRIAGE', 'INCIDENT.DISMISSED', 'RESPONSE_PLAN.RETIRED'],
  })
  confirm(
    @UuidParam() id: string,
    @Body() body: ConfirmIncidentRequest,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ): Reply {
    return this.replies.send(new ConfirmIncidentCommand(id, body, context), res);
  }

  @CommandRoute({
    path: ':id/dismiss',
    summary: 'Dismiss a potential incident',
    conflicts: ['INCIDENT.NOT_IN_TRIAGE'],
  })
  dismiss(
    @UuidParam() id: string,
    @Body() body: ReasonRequest,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ): Reply {
    return this.replies.run(id, context, res, (dismissedAt) => ({
      type: 'DismissPotentialIncident',
      data: { incidentId: id, reason: body.reason, dismissedBy: context.actor, dismissedAt },
    }));
  }

  @CommandRoute({
    path: ':id/mitigate',
    summary: 'Record that the impact is mitigated',
    conflicts: ['INCIDENT.IN_TRIAGE', 'INCIDENT.ALREADY_RESOLVED', 'INCIDENT.CLOSED'],
  })
  mitigate(
    @UuidParam() id: string,
    @Body() body: MitigateIncidentRequest,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ): Reply {
    return this.replies.run(id, context, res, (mitigatedAt) => ({
      type: 'MitigateIncident',
      data: { incidentId: id, summary: body.summary, mitigatedBy: context.actor, mitigatedAt },
    }));
  }

  @CommandRoute({
    path: ':id/close',
    summary: 'Close a resolved incident after the wash-up',
    conflicts: ['INCIDENT.NOT_RESOLVED', 'INCIDENT.IN_TRIAGE'],
  })
  close(
    @UuidParam() id: string,
    @Body() body: CloseIncidentRequest,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ): Reply {
    return this.replies.run(id, context, res, (closedAt) => ({
      type: 'CloseIncident',
      data: { incidentId: id, ...body, closedBy: context.actor, closedAt },
    }));
  }

  @CommandRoute({
    path: ':id/reopen',
    summary: 'Reopen a resolved incident',
    conflicts: ['INCIDENT.NOT_RESOLVED', 'INCIDENT.CLOSED'],
  })
  reopen(
    @UuidParam() id: string,
    @Body() body: ReasonRequest,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ): Reply {
    return this.replies.run(id, context, res, (reopenedAt) => ({
      type: 'ReopenIncident',
      data: { incidentId: id, reason: body.reason, reopenedBy: context.actor, reopenedAt },
    }));
  }

  @CommandRoute({
    path: ':id/severity',
    summary: 'Change the severity of an open incident',
    conflicts: ['INCIDENT.ALREADY_RESOLVED', 'INCIDENT.CLOSED'],
  })
  severity(
    @UuidParam() id: string,
    @Body() body: ChangeSeverityRequest,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ): Reply {
    const { severity, reason } = body;
    return this.replies.run(id, context, res, (changedAt) => ({
      type: 'ChangeSeverity',
      data: { incidentId: id, severity, reason, changedBy: context.actor, changedAt },
    }));
  }

  private async opening(command: object, res: ReplyHeaders): Reply {
    const reply = await this.replies.send(command, res);
    res.header('Location', `/api/v1/incidents/${reply.id}`);
    return reply;
  }
}
