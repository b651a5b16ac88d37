import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RecordedEvent } from '@sitrep/event-store';
import type { ResponsePlanEvent, ResponsePlanState } from '../../domain';
import { DEFAULT_RESPONSE_PLAN_ID } from './response-plan-stream';

export class ContactView {
  @ApiProperty({ example: 'On-call SRE' }) name!: string;
  @ApiProperty({ example: 'sms' }) channel!: string;
  @ApiProperty({ example: '+441234567890' }) address!: string;
}

export class ResponsePlanVersionView {
  @ApiProperty() version!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [ContactView] }) contacts!: ContactView[];
  @ApiProperty({ description: 'Minutes' }) investigationMinutes!: number;
  @ApiProperty({ description: 'Minutes' }) huddleMinutes!: number;
  @ApiProperty({ description: 'Minutes' }) internalUpdateMinutes!: number;
  @ApiProperty({ description: 'Minutes' }) customerUpdateMinutes!: number;
  @ApiProperty() changedBy!: string;
  @ApiProperty({ format: 'date-time' }) changedAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) reason!: string | null;
}

export class ResponsePlanView extends ResponsePlanVersionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['active', 'retired'] }) status!: 'active' | 'retired';
  @ApiProperty({ description: 'Incidents declared without naming a plan run under this one.' })
  isDefault!: boolean;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' })
  retiredAt!: string | null;
  @ApiProperty({ type: [ResponsePlanVersionView], description: 'Every version, oldest first.' })
  versions!: ResponsePlanVersionView[];
}

export class ResponsePlanList {
  @ApiProperty({ type: [ResponsePlanView] }) items!: ResponsePlanView[];
}

export class ResponsePlanCommandResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    description:
      'The plan stream version after the command, also the ETag: the plan version while the plan is active (retiring adds one).',
  })
  version!: number;
}

/** The current version and the history, from the plan's stream (null when there is none). */
export function responsePlanViewOf(
  state: ResponsePlanState,
  recorded: readonly RecordedEvent[],
): ResponsePlanView | null {
  if (state.status === 'none') return null;
  const versions = recorded.flatMap((e) => versionOf({ type: e.type, data: e.data } as never));
  const current = versions[versions.length - 1];
  return {
    ...current,
    id: state.planId,
    status: state.status,
    isDefault: state.planId === DEFAULT_RESPONSE_PLAN_ID,
    retiredAt: state.status === 'retired' ? state.retiredAt : null,
    versions,
  };
}

function versionOf(event: ResponsePlanEvent): ResponsePlanVersionView[] {
  if (event.type === 'ResponsePlanRetired') return [];
  const d = event.data;
  const [changedBy, changedAt, reason] =
    event.type === 'ResponsePlanCreated'
      ? [event.data.createdBy, event.data.createdAt, null]
      : [event.data.revisedBy, event.data.revisedAt, event.data.reason ?? null];
  return [
    {
      version: d.version,
      name: d.name,
      contacts: d.contacts.map(({ name, channel, address }) => ({ name, channel, address })),
      investigationMinutes: d.investigationMinutes,
      huddleMinutes: d.huddleMinutes,
      internalUpdateMinutes: d.internalUpdateMinutes,
      customerUpdateMinutes: d.customerUpdateMinutes,
      changedBy,
      changedAt,
      reason,
    },
  ];
}
