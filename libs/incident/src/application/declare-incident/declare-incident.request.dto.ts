import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
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
import { severities, type Severity } from '../../domain';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class DeclareIncidentRequest {
  @ApiProperty({ example: 'Checkout is failing for card payments', minLength: 1, maxLength: 200 })
  @Transform(trim)
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
