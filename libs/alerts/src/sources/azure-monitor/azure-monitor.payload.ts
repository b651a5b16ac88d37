import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  Equals,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export const AZURE_SEVERITIES = ['Sev0', 'Sev1', 'Sev2', 'Sev3', 'Sev4'] as const;
export type AzureSeverity = (typeof AZURE_SEVERITIES)[number];

export class AzureEssentialsDto {
  /** Present in every common-schema notification; `originAlertId` is required only without it. */
  @IsOptional() @IsString() alertId?: string;
  @IsString() alertRule!: string;
  @IsIn(AZURE_SEVERITIES) severity!: AzureSeverity;
  @IsOptional() @IsString() signalType?: string;
  @IsIn(['Fired', 'Resolved']) monitorCondition!: 'Fired' | 'Resolved';
  @IsOptional() @IsString() monitoringService?: string;
  @IsOptional() @IsArray() @IsString({ each: true }) alertTargetIDs?: string[];
  @IsOptional() @IsArray() @IsString({ each: true }) configurationItems?: string[];
  @ValidateIf((e: AzureEssentialsDto) => !e.alertId)
  @IsString()
  @MinLength(1)
  originAlertId?: string;
  @IsString() firedDateTime!: string;
  @IsOptional() @IsString() resolvedDateTime?: string;
  @IsOptional() @IsString() description?: string | null;
  @IsOptional() @IsString() targetResourceType?: string;
  @IsOptional() @IsString() targetResourceGroup?: string;
}

export class AzureAlertDataDto {
  @ValidateNested() @Type(() => AzureEssentialsDto) essentials!: AzureEssentialsDto;
  /** Varies by signal type (metric, log search, activity log); kept raw. */
  @IsOptional() @IsObject() alertContext?: Record<string, unknown> | null;
  @IsOptional() @IsObject() customProperties?: Record<string, unknown> | null;
}

/** Azure Monitor's common alert schema, as an action group's webhook posts it. */
export class AzureMonitorPayloadDto {
  @Equals('azureMonitorCommonAlertSchema') schemaId!: string;
  @ValidateNested() @Type(() => AzureAlertDataDto) data!: AzureAlertDataDto;
}
