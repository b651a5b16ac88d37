import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Length,
  ValidateNested,
} from 'class-validator';
import type { MapOutcome } from '../../alert-source';
import { definedLabels, serviceFromLabels, stringLabels } from '../shared/alert-fields';
import { PAGERDUTY_SERVICE_DETAILS } from './pagerduty.mapper';
import { PagerDutyLink } from './pagerduty.payload';

/** Where a change event's sender is pointed: PagerDuty's Change Events API. */
export const CHANGE_EVENTS_PATH = '/v2/change/enqueue';

export class PagerDutyChangeDetails {
  @IsString() @Length(1, 1024) summary!: string;
  @IsOptional() @IsISO8601() timestamp?: string;
  @IsOptional() @IsString() source?: string;
  @IsOptional() @IsObject() custom_details?: Record<string, unknown>;
}

/** A PagerDuty change event (`POST /v2/change/enqueue`): a deploy, a config push, a migration. */
export class PagerDutyChangeEvent {
  @IsString() @IsNotEmpty() routing_key!: string;
  @ValidateNested() @Type(() => PagerDutyChangeDetails) payload!: PagerDutyChangeDetails;
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PagerDutyLink)
  links?: PagerDutyLink[];
}

/** The action a change is recorded under on its delivery; the alert processor notes it. */
export const CHANGE_ACTION = 'change';

/** What the alert processor reads back from the delivery to note the change on incidents. */
export interface ChangeDetail {
  summary: string;
  /** ISO 8601: when the change happened (the event's timestamp), else when it arrived. */
  at: string;
  service?: string;
  source?: string;
  link?: string;
}

/**
 * A change opens nothing: it is context for the incidents of its service. That service is the
 * first custom detail the integration's `serviceFrom` names (default `service`), else its source.
 */
export function mapPagerDutyChange(
  event: PagerDutyChangeEvent,
  receivedAt: Date,
  serviceFrom: readonly string[] = PAGERDUTY_SERVICE_DETAILS,
): MapOutcome {
  const { summary, timestamp, source, custom_details } = event.payload;
  const service = serviceFromLabels(stringLabels(custom_details), serviceFrom) ?? source;
  const detail: ChangeDetail = {
    summary,
    at: new Date(timestamp ?? receivedAt).toISOString(),
    ...definedLabels({
      service: service?.trim() || undefined,
      source,
      link: event.links?.[0]?.href,
    }),
  };
  return { kind: 'handshake', action: CHANGE_ACTION, detail: { ...detail } };
}
