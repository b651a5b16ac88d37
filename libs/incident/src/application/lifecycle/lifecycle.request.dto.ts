import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
} from 'class-validator';
import { closeIncidentLimits, severities, textLimits, type Severity } from '../../domain';
import { OptionalText, Text, trim } from '../shared/request-fields';

export class DeclareIncidentRequest {
  @ApiProperty({ example: 'Checkout is failing for card payments', minLength: 1, maxLength: 200 })
  @trim
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiProperty({ enum: severities, description: 'SEV1 is the most severe.' })
  @IsIn(severities, { message: `severity must be one of ${severities.join(', ')}` })
  severity!: Severity;

  @ApiPropertyOptional({ maxLength: 10_000 })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  description?: string;

  @ApiPropertyOptional({ type: [String], example: ['checkout', 'payments-api'], maxItems: 50 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  services?: string[];

  @ApiPropertyOptional({
    description: 'Who noticed; defaults to the API key name.',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  reportedBy?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The response plan to run under (its current version); the default plan when absent.',
  })
  @IsOptional()
  @IsUUID()
  responsePlanId?: string;
}

export class ResolveIncidentRequest {
  @ApiProperty({ example: 'Rolled back release 2026.11.27-3; error rate back to baseline.' })
  @trim
  @IsString()
  @Length(1, 5000)
  resolutionSummary!: string;
}

export class ConfirmIncidentRequest {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Run under this plan instead of the one the incident was opened under.',
  })
  @IsOptional()
  @IsUUID()
  responsePlanId?: string;
}

export class ReasonRequest {
  @Text(textLimits.reason.max, 'Duplicate of an alert already being handled')
  reason!: string;
}

export class MitigateIncidentRequest {
  @Text(textLimits.summary.max, 'Traffic shifted to the secondary region; errors back to baseline')
  summary!: string;
}

export class CloseIncidentRequest {
  @OptionalText(closeIncidentLimits.washUpReferenceMaxLength, 'Where the wash-up lives')
  washUpReference?: string;

  @OptionalText(closeIncidentLimits.washUpSummaryMaxLength, 'What the wash-up concluded')
  washUpSummary?: string;
}

export class ChangeSeverityRequest {
  @ApiProperty({ enum: severities })
  @IsIn(severities, { message: `severity must be one of ${severities.join(', ')}` })
  severity!: Severity;

  @Text(textLimits.reason.max, 'More customers affected than first thought')
  reason!: string;
}
