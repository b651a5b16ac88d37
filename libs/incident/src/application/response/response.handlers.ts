import { CommandHandler } from '@nestjs/cqrs';
import type { IncidentCommand } from '../../domain';
import { IncidentCommandHandler } from '../shared/incident-command.handler';
import {
  AcknowledgeNotificationCommand,
  AssignRoleCommand,
  RecordHuddleCommand,
  StartTimeboxCommand,
  UnassignRoleCommand,
} from './response.commands';

@CommandHandler(AssignRoleCommand)
export class AssignRoleHandler extends IncidentCommandHandler<AssignRoleCommand> {
  protected toDomain({ incidentId, input, context }: AssignRoleCommand, now: string) {
    const { role, person } = input;
    return {
      type: 'AssignRole' as const,
      data: { incidentId, role, person, assignedBy: context.actor, assignedAt: now },
    };
  }
}

@CommandHandler(UnassignRoleCommand)
export class UnassignRoleHandler extends IncidentCommandHandler<UnassignRoleCommand> {
  protected toDomain({ incidentId, input, context }: UnassignRoleCommand, now: string) {
    const { role, person } = input;
    return {
      type: 'UnassignRole' as const,
      data: { incidentId, role, person, unassignedBy: context.actor, unassignedAt: now },
    };
  }
}

/** The notifier's callback (or a person on the contact's behalf): when, if the caller knows. */
@CommandHandler(AcknowledgeNotificationCommand)
export class AcknowledgeNotificationHandler extends IncidentCommandHandler<AcknowledgeNotificationCommand> {
  protected toDomain(c: AcknowledgeNotificationCommand, now: string): IncidentCommand {
    const { contact, acknowledgedAt } = c.input;
    const data = { incidentId: c.incidentId, contact, acknowledgedAt: acknowledgedAt ?? now };
    return { type: 'RecordNotificationAcknowledged', data };
  }
}

/** Recorded once it is over: it ended now unless the scribe says when. */
@CommandHandler(RecordHuddleCommand)
export class RecordHuddleHandler extends IncidentCommandHandler<RecordHuddleCommand> {
  protected toDomain({ incidentId, input, context }: RecordHuddleCommand, now: string) {
    const { huddleId, startedAt, attendees, summary } = input;
    return {
      type: 'RecordHuddle' as const,
      data: {
        incidentId,
        huddleId,
        startedAt,
        endedAt: input.endedAt ?? now,
        attendees,
        summary,
        recordedBy: context.actor,
      },
    };
  }
}

@CommandHandler(StartTimeboxCommand)
export class StartTimeboxHandler extends IncidentCommandHandler<StartTimeboxCommand> {
  protected toDomain({ incidentId, input, context }: StartTimeboxCommand, now: string) {
    return {
      type: 'StartTimebox' as const,
      data: {
        incidentId,
        ...(input.minutes === undefined ? {} : { minutes: input.minutes }),
        startedBy: context.actor,
        startedAt: now,
      },
    };
  }
}
