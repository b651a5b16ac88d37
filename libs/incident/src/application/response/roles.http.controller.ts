import { Body, Controller, Param, ParseEnumPipe, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { roles, type Role } from '../../domain';
import type { CommandContext } from '../shared/command-context';
import { UuidParam, type ReplyHeaders } from '@sitrep/platform';
import { CommandReplies, CommandRoute, RequestContext } from '../shared/command-http';
import type { IncidentCommandResponse } from '../shared/incident-command.response';
import {
  AcknowledgeNotificationCommand,
  AssignRoleCommand,
  UnassignRoleCommand,
} from './response.commands';
import { AcknowledgeNotificationRequest, AssignRoleRequest } from './response.request.dto';

const roleEnum = Object.fromEntries(roles.map((r) => [r, r]));

/** Who works the incident, and who of those notified has answered. */
@ApiTags('incidents')
@Controller('api/v1/incidents')
export class RolesHttpController {
  constructor(private readonly replies: CommandReplies) {}

  @CommandRoute({
    path: ':id/roles',
    summary: 'Assign a role (a handover for commander, communications lead and scribe)',
    conflicts: ['INCIDENT.CLOSED', 'INCIDENT.DISMISSED'],
  })
  assign(
    @UuidParam() id: string,
    @Body() body: AssignRoleRequest,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ): Promise<IncidentCommandResponse> {
    return this.replies.send(new AssignRoleCommand(id, body, context), res);
  }

  @CommandRoute({
    method: 'delete',
    path: ':id/roles/:role/:person',
    summary: 'Take a role from someone (nothing changes when they do not hold it)',
    conflicts: ['INCIDENT.CLOSED', 'INCIDENT.DISMISSED'],
  })
  unassign(
    @UuidParam() id: string,
    @Param('role', new ParseEnumPipe(roleEnum)) role: Role,
    @Param('person') person: string,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ): Promise<IncidentCommandResponse> {
    return this.replies.send(new UnassignRoleCommand(id, { role, person }, context), res);
  }

  @CommandRoute({
    path: ':id/notifications/:contact/acknowledge',
    summary: 'Record that a notified contact acknowledged (by contact name)',
    conflicts: ['INCIDENT.UNKNOWN_CONTACT'],
  })
  acknowledgeNotification(
    @UuidParam() id: string,
    @Param('contact') contact: string,
    @Body() body: AcknowledgeNotificationRequest,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ): Promise<IncidentCommandResponse> {
    const input = { contact, ...body };
    return this.replies.send(new AcknowledgeNotificationCommand(id, input, context), res);
  }
}
