// class-transformer's @Type reads design metadata; apps load this too, specs do not.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Min,
  ValidateNested,
} from 'class-validator';
import { ALERT_STATUSES, AlertmanagerAlert } from '../alertmanager/alertmanager.payload';
import { IsStringRecord } from '../shared/string-record';

/** Grafana Alerting's alert: Alertmanager's shape plus Grafana's links and values. */
export class GrafanaAlert extends AlertmanagerAlert {
  @IsOptional()
  @IsString()
  dashboardURL?: string;

  @IsOptional()
  @IsString()
  panelURL?: string;

  @IsOptional()
  @IsString()
  silenceURL?: string;

  @IsOptional()
  @IsString()
  imageURL?: string;

  @IsOptional()
  @IsString()
  valueString?: string;
}

/**
 * The body of a Grafana Alerting webhook contact point (Grafana 9+, `version: "1"`). A custom
 * payload template replaces this shape entirely and is not accepted here.
 */
export class GrafanaPayload {
  @IsOptional()
  @IsString()
  version?: string;

  @IsOptional()
  @IsString()
  groupKey?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  truncatedAlerts?: number;

  @IsIn(ALERT_STATUSES)
  status!: 'firing' | 'resolved';

  @IsOptional()
  @IsString()
  receiver?: string;

  @IsOptional()
  @IsInt()
  orgId?: number;

  @IsOptional()
  @IsString()
  title?: string;

  @IsOptional()
  @IsString()
  message?: string;

  @IsOptional()
  @IsStringRecord()
  commonLabels?: Record<string, string>;

  @IsOptional()
  @IsString()
  externalURL?: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => GrafanaAlert)
  alerts!: GrafanaAlert[];
}
