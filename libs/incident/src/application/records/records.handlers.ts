import { CommandHandler } from '@nestjs/cqrs';
import type { RecordedEvent } from '@sitrep/event-store';
import type { IncidentCommand } from '../../domain';
import { IncidentCommandHandler } from '../shared/incident-command.handler';
import { IncidentEventNotFoundError } from '../shared/incident-errors';
import {
  AddActionCommand,
  AddNoteCommand,
  CancelActionCommand,
  CompleteActionCommand,
  PostUpdateCommand,
  RecordCorrectionCommand,
  RecordDecisionCommand,
  StartActionCommand,
} from './records.commands';

/** Decided by whoever the request names (the commander, usually), else by the caller. */
@CommandHandler(RecordDecisionCommand)
export class RecordDecisionHandler extends IncidentCommandHandler<RecordDecisionCommand> {
  protected toDomain({ incidentId, input, context }: RecordDecisionCommand, now: string) {
    const { decidedBy, ...decision } = input;
    return {
      type: 'RecordDecision' as const,
      data: { incidentId, ...decision, decidedBy: decidedBy ?? context.actor, decidedAt: now },
    };
  }
}

@CommandHandler(AddActionCommand)
export class AddActionHandler extends IncidentCommandHandler<AddActionCommand> {
  protected toDomain({ incidentId, input, context }: AddActionCommand, now: string) {
    return {
      type: 'AddAction' as const,
      data: { incidentId, ...input, addedBy: context.actor, addedAt: now },
    };
  }
}

@CommandHandler(StartActionCommand)
export class StartActionHandler extends IncidentCommandHandler<StartActionCommand> {
  protected toDomain({ incidentId, input, context }: StartActionCommand, now: string) {
    const { actionId } = input;
    return {
      type: 'StartAction' as const,
      data: { incidentId, actionId, startedBy: context.actor, startedAt: now },
    };
  }
}

@CommandHandler(CompleteActionCommand)
export class CompleteActionHandler extends IncidentCommandHandler<CompleteActionCommand> {
  protected toDomain({ incidentId, input, context }: CompleteActionCommand, now: string) {
    return {
      type: 'CompleteAction' as const,
      data: { incidentId, ...input, completedBy: context.actor, completedAt: now },
    };
  }
}

@CommandHandler(CancelActionCommand)
export class CancelActionHandler extends IncidentCommandHandler<CancelActionCommand> {
  protected toDomain({ incidentId, input, context }: CancelActionCommand, now: string) {
    return {
      type: 'CancelAction' as const,
      data: { incidentId, ...input, cancelledBy: context.actor, cancelledAt: now },
    };
  }
}

@CommandHandler(PostUpdateCommand)
export class PostUpdateHandler extends IncidentCommandHandler<PostUpdateCommand> {
  protected toDomain({ incidentId, input, context }: PostUpdateCommand, now: string) {
    return {
      type: 'PostUpdate' as const,
      data: { incidentId, ...input, postedBy: context.actor, postedAt: now },
    };
  }
}

@CommandHandler(AddNoteCommand)
export class AddNoteHandler extends IncidentCommandHandler<AddNoteCommand> {
  protected toDomain({ incidentId, input, context }: AddNoteCommand, now: string) {
    return {
      type: 'AddNote' as const,
      data: { incidentId, ...input, addedBy: context.actor, addedAt: now },
    };
  }
}

/** The domain cannot see event ids (the store gives them), so the corrected event is checked here. */
@CommandHandler(RecordCorrectionCommand)
export class RecordCorrectionHandler extends IncidentCommandHandler<RecordCorrectionCommand> {
  protected toDomain(
    { incidentId, input, context }: RecordCorrectionCommand,
    now: string,
    recorded: readonly RecordedEvent[],
  ): IncidentCommand {
    const { correctsEventId } = input;
    // An empty stream is the domain's to refuse (INCIDENT.NOT_FOUND).
    if (
      correctsEventId !== undefined &&
      recorded.length > 0 &&
      !recorded.some((e) => e.eventId === correctsEventId)
    ) {
      throw new IncidentEventNotFoundError(incidentId, correctsEventId);
    }
    return {
      type: 'RecordCorrection',
      data: { incidentId, ...input, recordedBy: context.actor, recordedAt: now },
    };
  }
}
