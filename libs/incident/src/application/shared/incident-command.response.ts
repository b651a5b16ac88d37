import { ApiProperty } from '@nestjs/swagger';

export class IncidentCommandResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'The incident version after the command; also sent as the ETag.' })
  version!: number;
}
