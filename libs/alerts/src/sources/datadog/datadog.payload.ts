// class-transformer's @Type reads design metadata; apps load this too, specs do not.
import 'reflect-metadata';
import { Transform, Type } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

/** Datadog substitutes `$VARIABLES` into a template, so a value is a number when left unquoted. */
const asText = ({ value }: { value: unknown }) =>
  typeof value === 'number' ? String(value) : value;

export class DatadogOrg {
  @IsOptional()
  @Transform(asText)
  @IsString()
  id?: string;

  @IsOptional()
  @IsString()
  name?: string;
}

/**
 * A Datadog webhook body. The first block is Datadog's default payload; the rest are the fields
 * of the custom payload we recommend (`recommended-custom-payload.json`), which keeps the default
 * fields so either template reads the same. Only `id` and `title` are required, since a custom
 * template may drop anything else; the mapper falls back to reading the title.
 */
export class DatadogPayload {
  /** `$ID`: this notification's event; changes on every notification. */
  @Transform(asText)
  @IsString()
  @IsNotEmpty()
  id!: string;

  /** `$EVENT_TITLE`, e.g. `[P1] [Triggered on {host:web-1}] High CPU`. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(2_000)
  title!: string;

  /** `$EVENT_MSG`: the monitor message, Markdown between `%%%` markers. */
  @IsOptional()
  @IsString()
  body?: string;

  @IsOptional()
  @IsString()
  event_type?: string;

  /** `$DATE`: epoch milliseconds. */
  @IsOptional()
  @Transform(asText)
  @IsString()
  date?: string;

  @IsOptional()
  @Transform(asText)
  @IsString()
  last_updated?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => DatadogOrg)
  org?: DatadogOrg;

  /** `$ALERT_ID`: the monitor's id. */
  @IsOptional()
  @Transform(asText)
  @IsString()
  alert_id?: string;

  /** `$AGGREG_KEY`. */
  @IsOptional()
  @IsString()
  aggreg_key?: string;

  /** `$ALERT_CYCLE_KEY`: one trigger-to-recovery cycle. */
  @IsOptional()
  @Transform(asText)
  @IsString()
  alert_cycle_key?: string;

  /** `$ALERT_TRANSITION`: Triggered, Re-Triggered, Warn, Re-Warn, No Data, Re-No Data, Recovered, Renotify. */
  @IsOptional()
  @IsString()
  alert_transition?: string;

  /** `$ALERT_TYPE`: error, warning, success, info. */
  @IsOptional()
  @IsString()
  alert_type?: string;

  /** `$ALERT_PRIORITY`: P1 to P5, empty when the monitor has none. */
  @IsOptional()
  @IsString()
  alert_priority?: string;

  @IsOptional()
  @IsString()
  alert_title?: string;

  /** `$ALERT_SCOPE`: the group that triggered, e.g. `host:web-1,env:prod`. */
  @IsOptional()
  @IsString()
  alert_scope?: string;

  @IsOptional()
  @IsString()
  alert_status?: string;

  @IsOptional()
  @IsString()
  alert_query?: string;

  @IsOptional()
  @IsString()
  alert_metric?: string;

  @IsOptional()
  @IsString()
  hostname?: string;

  /** `$TAGS`: comma-separated `key:value` tags. */
  @IsOptional()
  @IsString()
  tags?: string;

  /** `$LINK`: the event in Datadog. */
  @IsOptional()
  @IsString()
  link?: string;
}
