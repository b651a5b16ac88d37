import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
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

/** `POST /v2/alerts/:alias/close?identifierType=alias`; every body field is optional. */
export class OpsgenieCloseAlertDto {
  @IsOptional() @IsString() user?: string;
  @IsOptional() @IsString() source?: string;
  @IsOptional() @IsString() note?: string;
}

export type OpsgenieRequest =
  | { operation: 'create'; body: OpsgenieCreateAlertDto }
  | { operation: 'close'; alias: string; body: OpsgenieCloseAlertDto };
