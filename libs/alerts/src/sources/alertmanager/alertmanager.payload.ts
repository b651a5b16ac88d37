// class-transformer's @Type reads design metadata; apps load this too, specs do not.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsStringRecord } from '../shared/string-record';

export const ALERT_STATUSES = ['firing', 'resolved'] as const;

/**
 * One alert of an Alertmanager webhook message (payload version 4). Only what the mapper reads is
 * declared; anything else Alertmanager adds stays in the raw body.
 */
export class AlertmanagerAlert {
  @IsIn(ALERT_STATUSES)
  status!: 'firing' | 'resolved';

  @IsStringRecord()
  labels!: Record<string, string>;

  @IsOptional()
  @IsStringRecord()
  annotations?: Record<string, string>;

  @IsISO8601()
  startsAt!: string;

  /** Go's zero time while firing; a past time once resolved. */
  @IsOptional()
  @IsISO8601()
  endsAt?: string;

  @IsOptional()
  @IsString()
  generatorURL?: string;

  /** Absent from older Alertmanagers; the mapper then falls back to a hash of the labels. */
  @IsOptional()
  @IsString()
  @Length(1, 255)
  fingerprint?: string;
}

export class AlertmanagerPayload {
  @IsIn(['4'], { message: 'version must be "4" (the Alertmanager webhook payload version)' })
  version!: '4';

  @IsString()
  groupKey!: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  truncatedAlerts?: number;

  @IsIn(ALERT_STATUSES)
  status!: 'firing' | 'resolved';

  @IsString()
  receiver!: string;

  @IsOptional()
  @IsStringRecord()
  groupLabels?: Record<string, string>;

  @IsOptional()
  @IsStringRecord()
  commonLabels?: Record<string, string>;

  @IsOptional()
  @IsStringRecord()
  commonAnnotations?: Record<string, string>;

  @IsOptional()
  @IsString()
  externalURL?: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => AlertmanagerAlert)
  alerts!: AlertmanagerAlert[];
}
