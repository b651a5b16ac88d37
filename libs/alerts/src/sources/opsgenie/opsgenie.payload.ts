import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  MinLength,
  ValidateNested,
} from 'class-validator';

export const OPSGENIE_PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
export type OpsgeniePriority = (typeof OPSGENIE_PRIORITIES)[number];

export class OpsgenieResponderDto {
  @IsOptional() @IsString() id?: string;
  @IsOptional() @IsString() name?: string;
  @IsOptional() @IsString() username?: string;
  @IsOptional() @IsString() type?: string;
}

/** `POST /v2/alerts` (Opsgenie Alert API, create alert). Only `message` is mandatory. */
export class OpsgenieCreateAlertDto {
  @IsString() @MinLength(1) message!: string;
  @IsOptional() @IsString() alias?: string;
  @IsOptional() @IsString() description?: string;
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => OpsgenieResponderDto)
  responders?: OpsgenieResponderDto[];
  @IsOptional() @IsArray() @IsString({ each: true }) actions?: string[];
  @IsOptional() @IsArray() @IsString({ each: true }) tags?: string[];
  @IsOptional() @IsObject() details?: Record<string, unknown>;
  @IsOptional() @IsString() entity?: string;
  @IsOptional() @IsString() source?: string;
  @IsOptional() @IsIn(OPSGENIE_PRIORITIES) priority?: OpsgeniePriority;
  @IsOptional() @IsString() user?: string;
  @IsOptional() @IsString() note?: string;
}

/**
 * `POST /v2/alerts/:alias/close|acknowledge?identifierType=alias`; every body field is optional,
 * and Alertmanager sends none.
 */
export class OpsgenieCloseAlertDto {
  @IsOptional() @IsString() user?: string;
  @IsOptional() @IsString() source?: string;
  @IsOptional() @IsString() note?: string;
}

/** `PUT /v2/alerts/:alias/message?identifierType=alias` (Alertmanager's `update_alerts`). */
export class OpsgenieUpdateMessageDto {
  @IsString() @MinLength(1) message!: string;
}

/** `PUT /v2/alerts/:alias/description?identifierType=alias`. */
export class OpsgenieUpdateDescriptionDto {
  @IsString() description!: string;
}

/** The alert as Opsgenie's outgoing webhook carries it (description and details when enabled). */
export class OpsgenieWebhookAlertDto {
  @IsString() @MinLength(1) alertId!: string;
  @IsOptional() @IsString() alias?: string;
  @IsOptional() @IsString() tinyId?: string;
  @IsOptional() @IsString() message?: string;
  @IsOptional() @IsString() description?: string;
  @IsOptional() @IsArray() @IsString({ each: true }) tags?: string[];
  @IsOptional() @IsObject() details?: Record<string, unknown>;
  @IsOptional() @IsString() entity?: string;
  @IsOptional() @IsString() source?: string;
  @IsOptional() @IsIn(OPSGENIE_PRIORITIES) priority?: OpsgeniePriority;
  @IsOptional() @IsString() username?: string;
  @IsOptional() @IsString() note?: string;
  /** Epoch milliseconds. */
  @IsOptional() @IsNumber() createdAt?: number;
}

/**
 * Opsgenie's outgoing webhook (a Webhook integration, "Send Alert Actions To Webhook"): one alert
 * action, `Create`, `Close`, `Acknowledge`, `AddNote`, … with the alert as it stands.
 */
export class OpsgenieWebhookDto {
  @IsString() @MinLength(1) action!: string;
  @ValidateNested() @Type(() => OpsgenieWebhookAlertDto) alert!: OpsgenieWebhookAlertDto;
  @IsOptional() @IsString() integrationId?: string;
  @IsOptional() @IsString() integrationName?: string;
  @IsOptional() @IsObject() source?: Record<string, unknown>;
}

/** A body at the integration URL is the outgoing webhook when it carries an action and an alert. */
export function isOpsgenieWebhook(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const { action, alert } = body as Record<string, unknown>;
  return typeof action === 'string' && typeof alert === 'object' && alert !== null;
}

export type OpsgenieRequest =
  | { operation: 'create'; body: OpsgenieCreateAlertDto }
  | { operation: 'close' | 'acknowledge'; alias: string; body: OpsgenieCloseAlertDto }
  | { operation: 'message'; alias: string; body: OpsgenieUpdateMessageDto }
  | { operation: 'description'; alias: string; body: OpsgenieUpdateDescriptionDto }
  | { operation: 'heartbeat'; name: string }
  | { operation: 'webhook'; body: OpsgenieWebhookDto };
