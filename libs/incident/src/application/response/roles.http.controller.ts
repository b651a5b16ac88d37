import { Body, Controller, Param, ParseEnumPipe, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { roles, type Role } from '../../domain';
import type { CommandContext } from '@sitrep/messaging';
import { UuidParam, type ReplyHeaders } from '@sitrep/platform';
import { CommandReplies, CommandRoute, RequestContext } from '../shared/command-http';
import type { IncidentCommandResponse } from '../shared/incident-command.response';
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
    const { role, person } = body;
    return this.replies.run(id, context, res, (assignedAt) => ({
      type: 'AssignRole',
      data: { incidentId: id, role, person, assignedBy: context.actor, assignedAt },
    }));
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
    return this.replies.run(id, context, res, (unassignedAt) => ({
      type: 'UnassignRole',
      data: { incidentId: id, role, person, unassignedBy: context.actor, unassignedAt },
    }));
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
    // The notifier's callback (or a person on the contact's behalf): when, if the caller knows.
    return this.replies.run(id, context, res, (now) => ({
      type: 'RecordNotificationAcknowledged',
      data: { incidentId: id, contact, acknowledgedAt: body.acknowledgedAt ?? now },
    }));
  }
}
