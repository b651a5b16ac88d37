import { randomUUID } from 'node:crypto';
import { Body, Controller, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CommandContext } from '@sitrep/messaging';
import { UuidParam, type ReplyHeaders } from '@sitrep/platform';
import { CommandReplies, CommandRoute, RequestContext } from '../shared/command-http';
import { requireRecordedEvent } from '../shared/incident-errors';
import {
  CorrectionRecordedResponse,
  DecisionRecordedResponse,
  NoteAddedResponse,
  UpdatePostedResponse,
} from '../shared/record-responses';
import {
  AddNoteRequest,
  PostUpdateRequest,
  RecordCorrectionRequest,
  RecordDecisionRequest,
} from './records.request.dto';

const WORKING = ['INCIDENT.CLOSED', 'INCIDENT.DISMISSED'];

/** What the team decided, said and noted, and what on the record was wrong. Never edited. */
@ApiTags('incidents')
@Controller('api/v1/incidents')
export class RecordsHttpController {
  constructor(private readonly replies: CommandReplies) {}

  @CommandRoute({
    path: ':id/decisions',
    summary: 'Record a decision (superseding one: 404 if unknown, 409 if already superseded)',
    created: true,
    type: DecisionRecordedResponse,
    conflicts: ['INCIDENT.DECISION_SUPERSEDED', ...WORKING],
  })
  async decide(
    @UuidParam() id: string,
    @Body() body: RecordDecisionRequest,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ): Promise<DecisionRecordedResponse> {
    const decisionId = randomUUID();
    // Decided by whoever the request names (the commander, usually), else by the caller.
    const { decidedBy, ...decision } = body;
    const reply = await this.replies.run(id, context, res, (decidedAt) => ({
      type: 'RecordDecision',
      data: {
        incidentId: id,
        ...decision,
        decisionId,
        decidedBy: decidedBy ?? context.actor,
        decidedAt,
      },
    }));
    return { ...reply, decisionId };
  }

  @CommandRoute({
    path: ':id/updates',
    summary: 'Post an update (internal or to stakeholders)',
    created: true,
    type: UpdatePostedResponse,
    conflicts: WORKING,
  })
  async postUpdate(
    @UuidParam() id: string,
    @Body() body: PostUpdateRequest,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ): Promise<UpdatePostedResponse> {
    const updateId = randomUUID();
    const reply = await this.replies.run(id, context, res, (postedAt) => ({
      type: 'PostUpdate',
      data: { incidentId: id, ...body, updateId, postedBy: context.actor, postedAt },
    }));
    return { ...reply, updateId };
  }

  @CommandRoute({
    path: ':id/notes',
    summary: 'Add a note to the record',
    created: true,
    type: NoteAddedResponse,
    conflicts: WORKING,
  })
  async addNote(
    @UuidParam() id: string,
    @Body() body: AddNoteRequest,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ): Promise<NoteAddedResponse> {
    const noteId = randomUUID();
    const reply = await this.replies.run(id, context, res, (addedAt) => ({
      type: 'AddNote',
      data: { incidentId: id, ...body, noteId, addedBy: context.actor, addedAt },
    }));
    return { ...reply, noteId };
  }

  @CommandRoute({
    path: ':id/corrections',
    summary: 'Correct the record (any status; 404 INCIDENT.EVENT_NOT_FOUND for an unknown event)',
    created: true,
    type: CorrectionRecordedResponse,
  })
  async correct(
    @UuidParam() id: string,
    @Body() body: RecordCorrectionRequest,
    @RequestContext() context: CommandContext,
    @Res({ passthrough: true }) res: ReplyHeaders,
  ): Promise<CorrectionRecordedResponse> {
    const correctionId = randomUUID();
    const reply = await this.replies.run(id, context, res, (recordedAt, _state, recorded) => {
      requireRecordedEvent(id, body.correctsEventId, recorded);
      return {
        type: 'RecordCorrection',
        data: { incidentId: id, ...body, correctionId, recordedBy: context.actor, recordedAt },
      };
    });
    return { ...reply, correctionId };
  }
}
