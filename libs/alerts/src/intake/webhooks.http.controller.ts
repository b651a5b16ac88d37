import { Controller, Get, Param, Post, Put, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { pathOf, recordAuthFailure } from '@sitrep/platform';
import { flattenHeaders, flattenQuery } from './delivery-redaction';
import { IntakeError, IntakeErrorCode } from './intake.errors';
import { DELIVERY_ID_HEADER, WebhookIntakeService } from './webhook-intake.service';

export interface WebhookRequest {
  method: string;
  body?: unknown;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
}

export interface WebhookReply {
  status(code: number): unknown;
  header(name: string, value: string): unknown;
}

const SUB_PATH = /^\/webhooks\/[^/]+\/[^/]+(\/.*)?$/i;

/**
 * The intake for monitoring tools. Outside /api/v1 on purpose: senders hold integration
 * credentials, not API keys, and the intake checks them itself. Sub-paths carry vendor API
 * shapes: `/v2/enqueue` (PagerDuty Events API), `/v2/alerts/...` and `/v2/heartbeats/:name/ping`
 * (Opsgenie, whose clients also PUT and GET; a source takes only the methods it names).
 */
@ApiTags('webhooks')
@ApiResponse({
  status: 202,
  description:
    'Accepted and durable: the alerts found (or the vendor reply). What they did to incidents: GET /api/v1/deliveries/{X-Sitrep-Delivery-Id}',
})
@ApiResponse({ status: 400, description: 'Not JSON, or not the content type the source sends' })
@ApiResponse({
  status: 401,
  description: 'Credentials missing or wrong (the delivery is still recorded)',
})
@ApiResponse({ status: 403, description: 'The integration is disabled' })
@ApiResponse({ status: 404, description: 'No integration of this source at this URL' })
@ApiResponse({ status: 413, description: 'Body over 1 MiB' })
@ApiResponse({ status: 422, description: 'JSON of the wrong shape for this source' })
@ApiResponse({
  status: 429,
  description:
    'Rate limit of the integration, or too many failed authentications from the address or to the integration (answered before the body is read); see Retry-After',
})
@ApiResponse({
  status: 503,
  description: 'The database is unavailable: nothing stored, no delivery id; see Retry-After',
})
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly intake: WebhookIntakeService) {}

  @Post([':source/:integrationId', ':source/:integrationId/*'])
  @ApiOperation({
    summary: 'Receive one delivery from a monitoring tool',
    description:
      'Below the URL, the vendor API paths: /v2/enqueue (PagerDuty Events API), /v2/alerts[/:alias/close|acknowledge], /v2/heartbeats/:name/ping (Opsgenie)',
  })
  receive(
    @Param('source') source: string,
    @Param('integrationId') integrationId: string,
    @Req() req: WebhookRequest,
    @Res({ passthrough: true }) res: WebhookReply,
  ): Promise<unknown> {
    return this.deliver(source, integrationId, req, res);
  }

  @Put(':source/:integrationId/*')
  @ApiOperation({
    summary: 'Receive a vendor API update (Opsgenie: /v2/alerts/:alias/message|description)',
  })
  receivePut(
    @Param('source') source: string,
    @Param('integrationId') integrationId: string,
    @Req() req: WebhookRequest,
    @Res({ passthrough: true }) res: WebhookReply,
  ): Promise<unknown> {
    return this.deliver(source, integrationId, req, res);
  }

  @Get(':source/:integrationId/*')
  @ApiOperation({ summary: 'Receive a vendor API ping (Opsgenie: /v2/heartbeats/:name/ping)' })
  receiveGet(
    @Param('source') source: string,
    @Param('integrationId') integrationId: string,
    @Req() req: WebhookRequest,
    @Res({ passthrough: true }) res: WebhookReply,
  ): Promise<unknown> {
    return this.deliver(source, integrationId, req, res);
  }

  private async deliver(
    source: string,
    integrationId: string,
    req: WebhookRequest,
    res: WebhookReply,
  ): Promise<unknown> {
    const subPath = SUB_PATH.exec(pathOf(req.url))?.[1] ?? '';
    return answerDelivery(this.intake, { source, integrationId, subPath }, req, res);
  }
}

/** Hands one request to the intake and answers as it says: the record's id, refusals included. */
export async function answerDelivery(
  intake: WebhookIntakeService,
  to: { source: string; integrationId: string; subPath: string },
  req: WebhookRequest,
  res: WebhookReply,
): Promise<unknown> {
  const rawBody = rawBodyOf(req);
  try {
    const answer = await intake.receive(
      {
        ...to,
        method: req.method.toUpperCase(),
        rawBody,
        headers: flattenHeaders(req.headers),
        query: flattenQuery(req.query),
      },
      (deliveryId) => res.header(DELIVERY_ID_HEADER, deliveryId),
    );
    res.status(answer.status);
    return answer.body;
  } catch (error) {
    if (!(error instanceof IntakeError)) throw error;
    if (error.code === IntakeErrorCode.UNAUTHENTICATED) recordAuthFailure(req);
    for (const [name, value] of Object.entries(error.headers)) res.header(name, value);
    if (!error.reply) throw error;
    res.status(error.reply.status);
    return error.reply.body;
  }
}

export function rawBodyOf(req: WebhookRequest): Buffer {
  if (req.body === undefined) return Buffer.alloc(0);
  if (!Buffer.isBuffer(req.body)) {
    // A parsed body means it was not read raw: signatures could not be checked.
    throw new Error('Webhook bodies must be read raw: configureHttpApp installs the body reader');
  }
  return req.body;
}
