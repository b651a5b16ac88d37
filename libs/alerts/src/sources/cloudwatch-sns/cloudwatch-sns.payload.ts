import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export const SNS_MESSAGE_TYPES = [
  'Notification',
  'SubscriptionConfirmation',
  'UnsubscribeConfirmation',
] as const;
export type SnsMessageType = (typeof SNS_MESSAGE_TYPES)[number];

/** The SNS HTTP/HTTPS envelope; SNS posts it with `Content-Type: text/plain`. */
export class SnsEnvelopeDto {
  @IsIn(SNS_MESSAGE_TYPES) Type!: SnsMessageType;
  @IsString() @MinLength(1) MessageId!: string;
  @IsString() @MinLength(1) TopicArn!: string;
  @IsOptional() @IsString() Subject?: string;
  @IsString() Message!: string;
  @IsISO8601() Timestamp!: string;
  @IsIn(['1', '2']) SignatureVersion!: '1' | '2';
  @IsString() @MinLength(1) Signature!: string;
  @IsString() @MinLength(1) SigningCertURL!: string;
  @ValidateIf((e: SnsEnvelopeDto) => e.Type !== 'Notification') @IsString() SubscribeURL?: string;
  @ValidateIf((e: SnsEnvelopeDto) => e.Type !== 'Notification') @IsString() Token?: string;
  @IsOptional() @IsString() UnsubscribeURL?: string;
}

export class CloudWatchDimensionDto {
  @IsString() name!: string;
  @IsString() value!: string;
}

export class CloudWatchTriggerDto {
  @IsOptional() @IsString() MetricName?: string;
  @IsOptional() @IsString() Namespace?: string;
  @IsOptional() @IsString() Statistic?: string;
  @IsOptional() @IsString() Unit?: string;
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CloudWatchDimensionDto)
  Dimensions?: CloudWatchDimensionDto[];
  @IsOptional() @IsNumber() Period?: number;
  @IsOptional() @IsNumber() EvaluationPeriods?: number;
  @IsOptional() @IsString() ComparisonOperator?: string;
  @IsOptional() @IsNumber() Threshold?: number;
}

export const CLOUDWATCH_STATES = ['ALARM', 'OK', 'INSUFFICIENT_DATA'] as const;
export type CloudWatchState = (typeof CLOUDWATCH_STATES)[number];

/** The alarm state change CloudWatch publishes as the SNS `Message` (a JSON string). */
export class CloudWatchAlarmDto {
  @IsString() @MinLength(1) AlarmName!: string;
  @IsOptional() @IsString() AlarmDescription?: string | null;
  @IsString() AWSAccountId!: string;
  @IsIn(CLOUDWATCH_STATES) NewStateValue!: CloudWatchState;
  @IsOptional() @IsIn(CLOUDWATCH_STATES) OldStateValue?: CloudWatchState;
  @IsString() NewStateReason!: string;
  /** e.g. `2025-03-14T09:12:41.552+0000` (offset without a colon). */
  @IsString() StateChangeTime!: string;
  /** A display name such as `US East (N. Virginia)`, not a region code. */
  @IsOptional() @IsString() Region?: string;
  @IsOptional() @IsString() AlarmArn?: string;
  @IsOptional() @ValidateNested() @Type(() => CloudWatchTriggerDto) Trigger?: CloudWatchTriggerDto;
  /** Composite alarms carry a rule instead of a trigger. */
  @IsOptional() @IsString() AlarmRule?: string;
}

export type CloudWatchSnsMessage =
  | { type: 'Notification'; envelope: SnsEnvelopeDto; alarm: CloudWatchAlarmDto }
  | { type: 'SubscriptionConfirmation' | 'UnsubscribeConfirmation'; envelope: SnsEnvelopeDto };
