import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { applyDecorators } from '@nestjs/common';
import { planTermsLimits, responsePlanLimits } from '../../domain';
import { trim } from '../shared/request-fields';

const Minutes = (description: string, example: number) =>
  applyDecorators(
    ApiProperty({ description, example, minimum: 1, maximum: planTermsLimits.maxMinutes }),
    IsInt(),
    Min(1),
    Max(planTermsLimits.maxMinutes),
  );

export class ContactRequest {
  @ApiProperty({ example: 'On-call SRE', maxLength: planTermsLimits.contactNameMaxLength })
  @IsString()
  @Length(1, planTermsLimits.contactNameMaxLength)
  name!: string;

  @ApiProperty({ example: 'sms', maxLength: planTermsLimits.channelMaxLength })
  @IsString()
  @Length(1, planTermsLimits.channelMaxLength)
  channel!: string;

  @ApiProperty({ example: '+441234567890', maxLength: planTermsLimits.addressMaxLength })
  @IsString()
  @Length(1, planTermsLimits.addressMaxLength)
  address!: string;
}

/** A whole version of a plan (PUT replaces the current version with it). */
export class ResponsePlanRequest {
  @ApiProperty({ example: 'Payments on-call', maxLength: responsePlanLimits.nameMaxLength })
  @trim
  @IsString()
  @Length(1, responsePlanLimits.nameMaxLength)
  name!: string;

  @ApiProperty({ type: [ContactRequest], description: 'Who the notify step reaches.' })
  @IsArray()
  @ArrayMaxSize(planTermsLimits.maxContacts)
  @ValidateNested({ each: true })
  @Type(() => ContactRequest)
  contacts!: ContactRequest[];

  @Minutes('How long each investigation timebox lasts.', 30)
  investigationMinutes!: number;

  @Minutes('How long a huddle may take.', 5)
  huddleMinutes!: number;

  @Minutes('How often the team posts an internal update.', 30)
  internalUpdateMinutes!: number;

  @Minutes('How often affected customers are updated.', 60)
  customerUpdateMinutes!: number;
}

export class ReviseResponsePlanRequest extends ResponsePlanRequest {
  @ApiPropertyOptional({ description: 'Why it changed (e.g. the wash-up that proposed it).' })
  @IsOptional()
  @IsString()
  @Length(1, responsePlanLimits.reasonMaxLength)
  reason?: string;
}
