import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsIn, IsOptional } from 'class-validator';
import { allTimelineKinds, type TimelineKind } from './timeline.entry';

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
