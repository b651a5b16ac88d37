import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import {
  decisionKinds,
  recordDecisionLimits,
  textLimits,
  updateAudiences,
  type DecisionKind,
  type UpdateAudience,
} from '../../domain';
import { OptionalText, Text, Time } from '../shared/request-fields';

const PERSON_MAX = 200;

export class RejectedOptionRequest {
  @Text(recordDecisionLimits.optionMaxLength, 'Fail over to the secondary region')
  option!: string;

  @Text(textLimits.reason.max, 'The secondary has the same bad config')
  reason!: string;
}

export class ExternalCommunicationRequest {
  @Text(textLimits.label.max, 'Customers on the EU cluster')
  audience!: string;

  @Text(textLimits.label.max, 'Within 15 minutes, then hourly')
  timing!: string;

  @Text(textLimits.body.max, 'We are investigating failed card payments.')
  message!: string;
}

export class RecordDecisionRequest {
  @ApiProperty({ enum: decisionKinds })
  @IsIn(decisionKinds, { message: `kind must be one of ${decisionKinds.join(', ')}` })
  kind!: DecisionKind;

  @Text(textLimits.reason.max, 'Roll back release 2026.11.27-3')
  decision!: string;

  @Text(textLimits.summary.max, 'The errors started with that release')
  rationale!: string;

  @OptionalText(PERSON_MAX, 'Who decided; the API key name when absent.')
  decidedBy?: string;

  @ApiPropertyOptional({ type: [RejectedOptionRequest] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(recordDecisionLimits.maxOptionsRejected)
  @ValidateNested({ each: true })
  @Type(() => RejectedOptionRequest)
  optionsRejected?: RejectedOptionRequest[];

  @ApiPropertyOptional({
    type: ExternalCommunicationRequest,
    description: 'Required for communicate-externally decisions, refused for the others.',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => ExternalCommunicationRequest)
  communication?: ExternalCommunicationRequest;

  @ApiPropertyOptional({ format: 'uuid', description: 'The decision this one replaces.' })
  @IsOptional()
  @IsUUID()
  supersedes?: string;
}

export class AddActionRequest {
  @Text(textLimits.reason.max, 'Roll back the release')
  description!: string;

  @Text(PERSON_MAX, 'bob', 'Who does it.')
  owner!: string;

  @Time('When it is due.', true)
  dueAt?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The decision it carries out.' })
  @IsOptional()
  @IsUUID()
  decisionId?: string;
}

export class CompleteActionRequest {
  @OptionalText(textLimits.summary.max, 'What came of it.')
  outcome?: string;
}

export class CancelActionRequest {
  @Text(textLimits.reason.max, 'Superseded by the decision to fail over')
  reason!: string;
}

export class PostUpdateRequest {
  @ApiProperty({ enum: updateAudiences })
  @IsIn(updateAudiences, { message: `audience must be one of ${updateAudiences.join(', ')}` })
  audience!: UpdateAudience;

  @Text(textLimits.body.max, 'Rollback under way; next update in 30 minutes.')
  body!: string;
}

export class AddNoteRequest {
  @Text(textLimits.body.max, 'Saw the same error in the batch jobs.')
  text!: string;
}

export class RecordCorrectionRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'The stored event that was wrong.' })
  @IsOptional()
  @IsUUID()
  correctsEventId?: string;

  @OptionalText(textLimits.label.max, 'What is corrected, when it is not (only) one event.')
  subject?: string;

  @Text(textLimits.summary.max, 'The huddle started at 09:35, not 09:30')
  whatWasWrong!: string;

  @OptionalText(textLimits.summary.max, 'The right value.')
  correctedValue?: string;

  @Time('When it actually happened.')
  actuallyHappenedAt!: string;
}
