import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Length } from 'class-validator';

export class ResolveIncidentRequest {
  @ApiProperty({ example: 'Rolled back release 2026.11.27-3; error rate back to baseline.' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 5000)
  resolutionSummary!: string;
}
