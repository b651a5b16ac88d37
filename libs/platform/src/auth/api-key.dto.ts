import { ApiProperty } from '@nestjs/swagger';
import { ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsString, Length } from 'class-validator';
import { SCOPES, type Scope } from './api-key.scopes';

export class CreateApiKeyDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'pagerduty-bridge' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({
    enum: SCOPES,
    isArray: true,
    uniqueItems: true,
    minItems: 1,
    example: ['incidents:read'],
  })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(SCOPES, { each: true, message: `each value in scopes must be one of ${SCOPES.join(', ')}` })
  scopes!: Scope[];
}

export class ApiKeySummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({
    description: 'The first characters of the token, to tell keys apart',
    example: 'sitrep_Ab12Cd34',
  })
  prefix!: string;
  @ApiProperty({ enum: SCOPES, isArray: true }) scopes!: Scope[];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ description: 'Id of the key that created this one, or "env-admin" / "bootstrap"' })
  createdBy!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Accurate to about a minute',
  })
  lastUsedAt!: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: Date | null;
}

export class CreatedApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: SCOPES, isArray: true }) scopes!: Scope[];
  @ApiProperty({
    description: 'The full token. It is stored hashed and shown only in this response.',
  })
  token!: string;
  @ApiProperty({ example: 'sitrep_Ab12Cd34' }) prefix!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
}
