import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';

export class IncidentEventsRequest {
  @ApiPropertyOptional({ description: 'Replay only what was recorded up to this time (ISO 8601).' })
  @IsOptional()
  @IsISO8601({ strict: true })
  until?: string;
}
