import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';
import { planTermsLimits, recordHuddleLimits, roles, textLimits, type Role } from '../../domain';
import { Text, Time } from '../shared/request-fields';

const PERSON_MAX = 200;

export class AssignRoleRequest {
  @ApiProperty({ enum: roles })
  @IsIn(roles, { message: `role must be one of ${roles.join(', ')}` })
  role!: Role;

  @Text(PERSON_MAX, 'alice', 'Who takes the role (commander, lead and scribe hand over).')
  person!: string;
}

export class AcknowledgeNotificationRequest {
  @Time('When the contact acknowledged; now when absent.', true)
  acknowledgedAt?: string;
}

export class RecordHuddleRequest {
  @Time('When the huddle started.')
  startedAt!: string;

  @Time('When it ended; now when absent.', true)
  endedAt?: string;

  @ApiProperty({ type: [String], example: ['alice', 'bob'], minItems: 1 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(recordHuddleLimits.maxAttendees)
  @IsString({ each: true })
  @Length(1, PERSON_MAX, { each: true })
  attendees!: string[];

  @Text(textLimits.summary.max, 'Bad config push; rolling back is the fastest fix.')
  summary!: string;
}

export class StartTimeboxRequest {
  @ApiPropertyOptional({
    description: "Minutes to investigate; the plan's investigation minutes when absent.",
    minimum: 1,
    maximum: planTermsLimits.maxMinutes,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(planTermsLimits.maxMinutes)
  minutes?: number;
}
