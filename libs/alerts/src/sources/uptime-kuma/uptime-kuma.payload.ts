import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsOptional, IsString, ValidateNested } from 'class-validator';

/** Uptime Kuma heartbeat status codes. */
export const KUMA_STATUS = { DOWN: 0, UP: 1, PENDING: 2, MAINTENANCE: 3 } as const;

export class UptimeKumaHeartbeatDto {
  @IsInt() monitorID!: number;
  @IsIn(Object.values(KUMA_STATUS)) status!: number;
  /** UTC, `YYYY-MM-DD HH:mm:ss.SSS`. */
  @IsString() time!: string;
  @IsOptional() @IsString() msg?: string;
  @IsOptional() @IsString() timezone?: string;
}

export class UptimeKumaTagDto {
  @IsString() name!: string;
  @IsOptional() @IsString() value?: string | null;
}

export class UptimeKumaMonitorDto {
  @IsInt() id!: number;
  @IsString() name!: string;
  @IsOptional() @IsString() type?: string;
  @IsOptional() @IsString() url?: string | null;
  @IsOptional() @IsString() hostname?: string | null;
  @IsOptional() @IsString() pathName?: string;
  @IsOptional() @IsString() description?: string | null;
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => UptimeKumaTagDto)
  tags?: UptimeKumaTagDto[];
}

/**
 * Uptime Kuma's webhook notification (JSON body type). `heartbeat` and `monitor` are null for the
 * "Test" button and for certificate-expiry notices, which carry only `msg`.
 */
export class UptimeKumaPayloadDto {
  @IsOptional()
  @ValidateNested()
  @Type(() => UptimeKumaHeartbeatDto)
  heartbeat?: UptimeKumaHeartbeatDto | null;
  @IsOptional()
  @ValidateNested()
  @Type(() => UptimeKumaMonitorDto)
  monitor?: UptimeKumaMonitorDto | null;
  @IsString() msg!: string;
}
