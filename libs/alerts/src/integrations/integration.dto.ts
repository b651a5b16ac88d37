import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { AUTH_MODES, CREDENTIAL_KINDS, type AuthMode, type CredentialKind } from './integration';
import { DEFAULT_ROTATION_GRACE_SECONDS } from './integration.service';

const WEEK = 7 * 24 * 3600;

/** An HTTP header name (RFC 9110 token characters), as a sender could be configured to use. */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/;

export class SignatureHeadersDto {
  @ApiPropertyOptional({
    example: 'X-Grafana-Alerting-Signature',
    description: 'The header the sender signs in (default: the vendor’s own)',
  })
  @IsOptional()
  @Matches(HEADER_NAME, { message: 'signatureHeaders.signature must be an HTTP header name' })
  signature?: string;

  @ApiPropertyOptional({
    example: 'X-Grafana-Alerting-Signature-Timestamp',
    description:
      'The header the sender puts its Unix-time timestamp in; set, the signature covers ' +
      '`<timestamp>:<body>`, a delivery without a timestamp is refused, and one more than ' +
      '5 minutes from Sitrep’s clock is refused as a replay',
  })
  @IsOptional()
  @Matches(HEADER_NAME, { message: 'signatureHeaders.timestamp must be an HTTP header name' })
  timestamp?: string;
}

export class CreateIntegrationDto {
  @ApiProperty({ example: 'grafana', description: 'A registered alert source' })
  @IsString()
  @Length(1, 50)
  source!: string;

  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Grafana prod' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  responsePlanId?: string;

  @ApiPropertyOptional({ enum: ['triage', 'declared'], default: 'triage' })
  @IsOptional()
  @IsIn(['triage', 'declared'])
  openAs?: 'triage' | 'declared';

  @ApiPropertyOptional({ minimum: 0, maximum: 86400, default: 300 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(86400)
  groupingWindowSeconds?: number;

  @ApiPropertyOptional({ enum: ['none', 'mitigate', 'resolve'], default: 'none' })
  @IsOptional()
  @IsIn(['none', 'mitigate', 'resolve'])
  autoResolve?: 'none' | 'mitigate' | 'resolve';

  @ApiPropertyOptional({ minimum: 0, maximum: WEEK, default: 3600 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(WEEK)
  reopenWindowSeconds?: number;

  @ApiPropertyOptional({
    enum: AUTH_MODES,
    default: 'bearer',
    description:
      'bearer: Authorization: Bearer <token>; basic: the token as basic-auth password; ' +
      'url-token: ?token=<token> (for senders that cannot set headers); vendor: the source’s own ' +
      'check (HMAC signature, PagerDuty routing key, Opsgenie GenieKey, SNS signature)',
  })
  @IsOptional()
  @IsIn(AUTH_MODES)
  authMode?: AuthMode;

  @ApiPropertyOptional({
    description: 'vendor mode: the signing secret the vendor gave you (Sentry client secret)',
  })
  @IsOptional()
  @IsString()
  @Length(8, 500)
  signingSecret?: string;

  @ApiPropertyOptional({
    description: 'vendor mode: a vendor key you must supply (SNS topic ARNs)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  vendorKey?: string;

  @ApiPropertyOptional({ description: 'generic-json only: the field mapping', type: Object })
  @IsOptional()
  @IsObject()
  mapping?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: SignatureHeadersDto,
    description: 'grafana only: the headers its contact point signs in (HMAC signature)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => SignatureHeadersDto)
  signatureHeaders?: SignatureHeadersDto;

  @ApiPropertyOptional({
    type: [String],
    example: ['service', 'app', 'deployment', 'container'],
    description:
      'alertmanager, grafana, google-cloud-monitoring, pagerduty only: the label names (PagerDuty: ' +
      'custom details), in order, whose first value names an alert’s service (default: service, ' +
      'app, job; Google Cloud Monitoring resource.service_name, resource.module_id, then the ' +
      'resource’s name; PagerDuty service, then the group or a change’s source)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  serviceFrom?: string[];
}

export class RotateCredentialsDto {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: WEEK,
    default: DEFAULT_ROTATION_GRACE_SECONDS,
    description: 'How long the old credentials keep working; 0 retires them at once',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(WEEK)
  graceSeconds?: number;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(8, 500) signingSecret?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000) vendorKey?: string;
}

export class IntegrationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() source!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ format: 'uuid' }) responsePlanId?: string;
  @ApiProperty({ enum: ['triage', 'declared'] }) openAs!: string;
  @ApiProperty() groupingWindowSeconds!: number;
  @ApiProperty({ enum: ['none', 'mitigate', 'resolve'] }) autoResolve!: string;
  @ApiProperty() reopenWindowSeconds!: number;
  @ApiProperty({ enum: AUTH_MODES }) authMode!: AuthMode;
  @ApiProperty() enabled!: boolean;
  @ApiPropertyOptional({ type: Object }) mapping?: unknown;
  @ApiPropertyOptional({ type: SignatureHeadersDto }) signatureHeaders?: SignatureHeadersDto;
  @ApiPropertyOptional({ type: [String] }) serviceFrom?: string[];
  @ApiProperty({ example: '/webhooks/grafana/6f1c…', description: 'POST deliveries here' })
  webhookPath!: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt!: Date;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) disabledAt?: Date;
}

export class IssuedCredentialDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: CREDENTIAL_KINDS }) kind!: CredentialKind;
  @ApiProperty({ description: 'In clear, shown only in this response' }) secret!: string;
}

export class IntegrationWithCredentialsDto extends IntegrationDto {
  @ApiProperty({ type: IssuedCredentialDto, isArray: true })
  credentials!: IssuedCredentialDto[];
}
