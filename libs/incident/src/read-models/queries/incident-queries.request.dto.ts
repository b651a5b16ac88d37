import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import { severities } from '../../domain';
import { incidentStatuses } from '../incident-status';
import { allTimelineKinds, type TimelineKind } from '../timeline/timeline.entry';

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

export class TimelineRequest {
  @ApiPropertyOptional({
    enum: allTimelineKinds,
    isArray: true,
    description: 'Only these kinds; comma-separated or repeated (`alert`: the alert decisions).',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.split(',') : value,
  )
  @IsArray()
  @IsIn(allTimelineKinds, {
    each: true,
    message: `kind must be among ${allTimelineKinds.join(', ')}`,
  })
  kind?: TimelineKind[];
}

export class IncidentEventsRequest {
  @ApiPropertyOptional({ description: 'Replay only what was recorded up to this time (ISO 8601).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  until?: string;
}

export class BoardRequest {
  @ApiPropertyOptional({
    default: false,
    description: 'Also list resolved incidents (open actions).',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean()
  includeResolved: boolean = false;

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 100;
}
