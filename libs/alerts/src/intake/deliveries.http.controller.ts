import { Controller, Get, Inject } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  DATABASE,
  RequireScopes,
  SITREP_CONFIG,
  UuidParam,
  type Database,
  type SitrepConfig,
} from '@sitrep/platform';
import { IntakeError, IntakeErrorCode } from './intake.errors';
import { deliveryStore } from './webhook-delivery.store';

export class DeliveryProcessingDto {
  @ApiProperty({
    enum: ['processed', 'retry', 'failed'],
    description:
      'processed: its alerts were decided; retry: the sender sent this delivery before (same method, path, query, body and vendor delivery id, within the retry window of its source: retryOf), nothing done again; failed: processing it failed (error), found at once, the rest of its batch processed',
  })
  status!: string;
  @ApiProperty({
    type: Object,
    description:
      'processed: { alerts: [{ dedupKey, decision, incidentId, reason }], handshake? (SNS: { action, confirmed, subscriptionArn } or { action, confirmed: false, error }) }; retry: { retryOf }; failed: { error }',
  })
  outcome!: unknown;
  @ApiProperty({ type: String, format: 'date-time' }) processedAt!: Date;
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) integrationId!: string;
  @ApiProperty() source!: string;
  @ApiProperty({ type: String, format: 'date-time' }) receivedAt!: Date;
  @ApiProperty({ description: 'Below the integration URL, e.g. /v2/enqueue' }) path!: string;
  @ApiProperty({ type: Object, description: 'Credential parameters redacted' }) query!: object;
  @ApiProperty({ type: Object, description: 'Credential headers redacted' }) headers!: object;
  @ApiProperty({
    description:
      'The body as received, base64; refused before authenticating (401, 403): its first 4 KB only, with outcome.body giving size and truncated',
  })
  bodyBase64!: string;
  @ApiProperty() bodySha256!: string;
  @ApiProperty({ example: 'rejected: a bearer token is required' }) authResult!: string;
  @ApiProperty({
    description:
      'What the intake made of it: accepted (queued for processing) or why it was refused. Older records may also say received, duplicate or failed.',
    enum: ['accepted', 'disabled', 'unauthenticated', 'rate-limited', 'invalid'],
  })
  status!: string;
  @ApiPropertyOptional({
    type: Object,
    description: 'The answer given (accepted), or the refusal: code, message, details',
  })
  outcome?: unknown;
  @ApiProperty({ type: String, format: 'date-time', description: 'When it was answered' })
  completedAt!: Date;
  @ApiPropertyOptional({
    type: DeliveryProcessingDto,
    description: 'Absent until the alert processor has taken the accepted delivery',
  })
  processing?: DeliveryProcessingDto;
}

@ApiTags('integrations')
@ApiBearerAuth()
@RequireScopes('admin')
@Controller('api/v1/deliveries')
export class DeliveriesController {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(SITREP_CONFIG) private readonly config: SitrepConfig,
  ) {}

  @Get(':id')
  @ApiResponse({
    status: 200,
    type: WebhookDeliveryDto,
    description: 'One raw delivery, for audit',
  })
  @ApiResponse({
    status: 404,
    description: 'No delivery has this id (any more: see DELIVERY_RETENTION_DAYS)',
  })
  async get(@UuidParam() id: string): Promise<WebhookDeliveryDto> {
    const delivery = await deliveryStore.find(this.db, id);
    if (!delivery) {
      const days = this.config.deliveryRetentionDays;
      const kept = days ? ` (deliveries are kept ${days} days once processed)` : '';
      throw new IntakeError(IntakeErrorCode.DELIVERY_NOT_FOUND, `No delivery has id ${id}${kept}`);
    }
    const { body, ...rest } = delivery;
    return { ...rest, bodyBase64: body.toString('base64') };
  }
}
