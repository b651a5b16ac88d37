import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  Equals,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  MinLength,
  ValidateNested,
} from 'class-validator';

export class GcpDocumentationDto {
  @IsOptional() @IsString() content?: string;
  @IsOptional() @IsString() mime_type?: string;
  @IsOptional() @IsString() subject?: string;
}

export class GcpMonitoredResourceDto {
  @IsOptional() @IsString() type?: string;
  @IsOptional() @IsObject() labels?: Record<string, unknown>;
}

export class GcpIncidentDto {
  @IsString() @MinLength(1) incident_id!: string;
  @IsIn(['open', 'closed']) state!: 'open' | 'closed';
  /** Epoch seconds. */
  @IsNumber() started_at!: number;
  @IsOptional() @IsNumber() ended_at?: number | null;
  @IsOptional() @IsString() summary?: string;
  @IsOptional() @IsString() url?: string;
  @IsOptional() @IsString() policy_name?: string;
  @IsOptional() @IsString() condition_name?: string;
  /** `Critical`, `Error`, `Warning` or `No severity`; absent from older policies. */
  @IsOptional() @IsString() severity?: string;
  @IsOptional() @IsString() scoping_project_id?: string;
  @IsOptional() @IsString() resource_name?: string;
  @IsOptional() @IsString() resource_display_name?: string;
  @IsOptional() @IsString() resource_type_display_name?: string;
  @IsOptional()
  @ValidateNested()
  @Type(() => GcpMonitoredResourceDto)
  resource?: GcpMonitoredResourceDto;
  @IsOptional() @IsObject() policy_user_labels?: Record<string, unknown>;
  @IsOptional()
  @ValidateNested()
  @Type(() => GcpDocumentationDto)
  documentation?: GcpDocumentationDto;
}

/** Cloud Monitoring's webhook notification, incident schema version 1.2. */
export class GcpMonitoringPayloadDto {
  @Equals('1.2') version!: string;
  @ValidateNested() @Type(() => GcpIncidentDto) incident!: GcpIncidentDto;
}
