// class-transformer's @Type reads design metadata; apps load this too, specs do not.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Length,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export const PAGERDUTY_SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
export type PagerDutySeverity = (typeof PAGERDUTY_SEVERITIES)[number];
export const PAGERDUTY_ACTIONS = ['trigger', 'acknowledge', 'resolve'] as const;

export class PagerDutyLink {
  @IsString() @IsNotEmpty() href!: string;
  @IsOptional() @IsString() text?: string;
}

export class PagerDutyImage {
  @IsString() @IsNotEmpty() src!: string;
  @IsOptional() @IsString() href?: string;
  @IsOptional() @IsString() alt?: string;
}

/** PD-CEF: summary, source and severity are required on a trigger. */
export class PagerDutyEventDetails {
  @IsString()
  @Length(1, 1024)
  summary!: string;

  @IsString()
  @IsNotEmpty()
  source!: string;

  @IsIn(PAGERDUTY_SEVERITIES)
  severity!: PagerDutySeverity;

  @IsOptional() @IsISO8601() timestamp?: string;
  @IsOptional() @IsString() component?: string;
  @IsOptional() @IsString() group?: string;
  @IsOptional() @IsString() class?: string;
  @IsOptional() @IsObject() custom_details?: Record<string, unknown>;
}

/** A PagerDuty Events API v2 alert event (`POST /v2/enqueue`). */
export class PagerDutyEvent {
  @IsString()
  @IsNotEmpty()
  routing_key!: string;

  @IsIn(PAGERDUTY_ACTIONS)
  event_action!: (typeof PAGERDUTY_ACTIONS)[number];

  /** Optional (absent or null) on a trigger, then generated; required to acknowledge or resolve. */
  @ValidateIf(
    (event: PagerDutyEvent) => event.event_action !== 'trigger' || event.dedup_key != null,
  )
  @IsString()
  @Length(1, 255)
  dedup_key?: string | null;

  /** Required on a trigger; Alertmanager sends it on a resolve too. */
  @ValidateIf((event: PagerDutyEvent) => event.event_action === 'trigger' || event.payload != null)
  @IsDefined()
  @ValidateNested()
  @Type(() => PagerDutyEventDetails)
  payload?: PagerDutyEventDetails | null;

  @IsOptional() @IsString() client?: string;
  @IsOptional() @IsString() client_url?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PagerDutyLink)
  links?: PagerDutyLink[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PagerDutyImage)
  images?: PagerDutyImage[];
}
