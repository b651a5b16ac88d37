// class-transformer's @Type reads design metadata; apps load this too, specs do not.
import 'reflect-metadata';
import { Transform, Type } from 'class-transformer';
import { IsArray, IsDefined, IsOptional, IsString, ValidateNested } from 'class-validator';

/** Sentry sends most ids as strings, some (older payloads) as numbers. */
const asText = ({ value }: { value: unknown }) =>
  typeof value === 'number' ? String(value) : value;

/** What every integration-platform webhook has, whatever its resource. */
export class SentryWebhookEnvelope {
  @IsString()
  action!: string;
}

export class SentryEvent {
  @Transform(asText)
  @IsString()
  issue_id!: string;

  @IsOptional() @IsString() title?: string;
  @IsOptional() @IsString() level?: string;
  @IsOptional() @IsString() culprit?: string;
  /** ISO 8601. */
  @IsOptional() @IsString() datetime?: string;
  @IsOptional() @IsString() web_url?: string;
  /** The API URL: `/api/0/projects/<org>/<project>/events/<id>/`. */
  @IsOptional() @IsString() url?: string;
  /** `[key, value]` pairs. */
  @IsOptional() @IsArray() tags?: unknown[];
}

export class SentryEventAlertData {
  @IsDefined()
  @ValidateNested()
  @Type(() => SentryEvent)
  event!: SentryEvent;

  @IsOptional() @IsString() triggered_rule?: string;
}

/** `Sentry-Hook-Resource: event_alert`: an issue alert rule fired (action is always `triggered`). */
export class SentryEventAlertPayload extends SentryWebhookEnvelope {
  @IsDefined()
  @ValidateNested()
  @Type(() => SentryEventAlertData)
  data!: SentryEventAlertData;
}

export class SentryAlertRule {
  @Transform(asText)
  @IsString()
  id!: string;

  @IsString() name!: string;
  @IsOptional() @IsArray() @IsString({ each: true }) projects?: string[];
  @IsOptional() @IsString() environment?: string | null;
}

export class SentryMetricAlert {
  @IsDefined()
  @ValidateNested()
  @Type(() => SentryAlertRule)
  alert_rule!: SentryAlertRule;

  @IsOptional() @IsString() title?: string;
  @IsOptional() @IsString() date_started?: string;
  @IsOptional() @IsString() date_detected?: string;
  @IsOptional() @IsString() date_closed?: string | null;
}

export class SentryMetricAlertData {
  @IsDefined()
  @ValidateNested()
  @Type(() => SentryMetricAlert)
  metric_alert!: SentryMetricAlert;

  @IsOptional() @IsString() description_title?: string;
  @IsOptional() @IsString() description_text?: string;
  @IsOptional() @IsString() web_url?: string;
}

/** `Sentry-Hook-Resource: metric_alert`; action is `critical`, `warning` or `resolved`. */
export class SentryMetricAlertPayload extends SentryWebhookEnvelope {
  @IsDefined()
  @ValidateNested()
  @Type(() => SentryMetricAlertData)
  data!: SentryMetricAlertData;
}

export class SentryProject {
  @IsOptional() @IsString() slug?: string;
}

export class SentryIssue {
  @Transform(asText)
  @IsString()
  id!: string;

  @IsOptional() @IsString() title?: string;
  @IsOptional() @IsString() shortId?: string;
  @IsOptional() @IsString() level?: string;
  @IsOptional() @IsString() culprit?: string;
  @IsOptional() @IsString() firstSeen?: string;
  @IsOptional() @IsString() web_url?: string;
  @IsOptional() @IsString() permalink?: string | null;

  @IsOptional()
  @ValidateNested()
  @Type(() => SentryProject)
  project?: SentryProject;
}

export class SentryIssueData {
  @IsDefined()
  @ValidateNested()
  @Type(() => SentryIssue)
  issue!: SentryIssue;
}

/** `Sentry-Hook-Resource: issue`; action is `created`, `resolved`, `assigned`, `archived`, ... */
export class SentryIssuePayload extends SentryWebhookEnvelope {
  @IsDefined()
  @ValidateNested()
  @Type(() => SentryIssueData)
  data!: SentryIssueData;
}

/** The body read according to the `Sentry-Hook-Resource` header. */
export type SentryDelivery =
  | { resource: 'event_alert'; body: SentryEventAlertPayload }
  | { resource: 'metric_alert'; body: SentryMetricAlertPayload }
  | { resource: 'issue'; body: SentryIssuePayload }
  /** installation, error, comment, ...: accepted, and carry no alert. */
  | { resource: 'other'; name: string; body: SentryWebhookEnvelope };
