import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { closeIncidentLimits, severities, textLimits, type Severity } from '../../domain';
import { OptionalText, Text } from '../shared/request-fields';

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
