import type { Role } from '../../domain';
import { IncidentRequest } from '../shared/incident-command.handler';

type RoleInput = { role: Role; person: string };

export class AssignRoleCommand extends IncidentRequest<RoleInput> {}
export class UnassignRoleCommand extends IncidentRequest<RoleInput> {}
export class AcknowledgeNotificationCommand extends IncidentRequest<{
  contact: string;
  acknowledgedAt?: string;
}> {}
export class RecordHuddleCommand extends IncidentRequest<{
  huddleId: string;
  startedAt: string;
  endedAt?: string;
  attendees: string[];
  summary: string;
}> {}
export class StartTimeboxCommand extends IncidentRequest<{ minutes?: number }> {}
