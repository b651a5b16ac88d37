import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { severities } from '../../domain';
import { incidentStatuses } from '../incident-status';

export class ListIncidentsRequest {
  @ApiPropertyOptional({ enum: incidentStatuses })
  @IsOptional()
  @IsIn(incidentStatuses, { message: `status must be one of ${incidentStatuses.join(', ')}` })
  status?: string;

  @ApiPropertyOptional({ enum: severities })
  @IsOptional()
  @IsIn(severities, { message: `severity must be one of ${severities.join(', ')}` })
  severity?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;

  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: 1_000_000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset: number = 0;
}
