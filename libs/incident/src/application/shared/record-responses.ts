import { ApiProperty } from '@nestjs/swagger';
import { IncidentCommandResponse } from './incident-command.response';

/* Commands that create a record answer with the id the server gave it. */

export class HuddleRecordedResponse extends IncidentCommandResponse {
  @ApiProperty({ format: 'uuid' }) huddleId!: string;
}

export class DecisionRecordedResponse extends IncidentCommandResponse {
  @ApiProperty({ format: 'uuid' }) decisionId!: string;
}

export class ActionAddedResponse extends IncidentCommandResponse {
  @ApiProperty({ format: 'uuid' }) actionId!: string;
}

export class UpdatePostedResponse extends IncidentCommandResponse {
  @ApiProperty({ format: 'uuid' }) updateId!: string;
}

export class NoteAddedResponse extends IncidentCommandResponse {
  @ApiProperty({ format: 'uuid' }) noteId!: string;
}

export class CorrectionRecordedResponse extends IncidentCommandResponse {
  @ApiProperty({ format: 'uuid' }) correctionId!: string;
}
