import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class ListParkedQueryDto {
  @ApiPropertyOptional({ description: 'Only this projection', example: 'incident-timeline' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  projection?: string;
}

export class ParkedEventDto {
  @ApiProperty() projection!: string;
  @ApiProperty({ description: 'The event id, or topic/partition/offset for an unreadable message' })
  eventId!: string;
  @ApiProperty({ type: Number, nullable: true }) globalPosition!: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'incident-4f1c…' }) streamId!:
    string | null;
  @ApiProperty({ type: Number, nullable: true }) streamPosition!: number | null;
  @ApiProperty({ example: 'IncidentDeclared' }) type!: string;
  @ApiProperty({
    description: 'The event as delivered',
    type: 'object',
    additionalProperties: true,
  })
  payload!: Record<string, unknown>;
  @ApiProperty({ description: 'The last error applying it' }) error!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The earlier parked event of the same stream this one waits behind',
  })
  blockedBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) firstFailedAt!: Date;
  @ApiProperty({ type: String, format: 'date-time' }) parkedAt!: Date;
}

export class RetryOutcomeDto {
  @ApiProperty({ type: String, isArray: true, description: 'Event ids applied, in stream order' })
  applied!: string[];
  @ApiProperty({ type: String, isArray: true, description: 'Event ids of the stream still parked' })
  stillParked!: string[];
}
