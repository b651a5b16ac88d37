import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { VendorKeyDirectory } from '../integrations/vendor-key-directory';
import { CHANGE_EVENTS_PATH } from '../sources/pagerduty/pagerduty-change';
import { PAGERDUTY } from '../sources/pagerduty/pagerduty.mapper';
import { pagerDutyInvalidEventReply } from '../sources/pagerduty/pagerduty.source';
import { isPlainObject, parsedJson } from '../sources/shared/vendor-json';
import {
  answerDelivery,
  rawBodyOf,
  type WebhookReply,
  type WebhookRequest,
} from './webhooks.http.controller';
import { WebhookIntakeService } from './webhook-intake.service';

/**
 * PagerDuty's own URLs, so a sender needs only Sitrep's host in place of events.pagerduty.com:
 * the routing key in the body picks the pagerduty integration (its vendor key), and the delivery
 * then goes through the intake exactly as if posted to that integration's webhook path.
 */
@ApiTags('webhooks')
@Controller('v2')
export class PagerDutyEventsController {
  constructor(
    private readonly intake: WebhookIntakeService,
    private readonly keys: VendorKeyDirectory,
  ) {}

  @Post('enqueue')
  @HttpCode(202)
  @ApiOperation({ summary: 'PagerDuty Events API v2: the routing key picks the integration' })
  @ApiResponse({ status: 202, description: '{status: "success", message, dedup_key}' })
  @ApiResponse({ status: 400, description: 'PagerDuty’s invalid event body, unknown key too' })
  enqueue(@Req() req: WebhookRequest, @Res({ passthrough: true }) res: WebhookReply) {
    return this.route('/v2/enqueue', req, res);
  }

  @Post('change/enqueue')
  @HttpCode(202)
  @ApiOperation({ summary: 'PagerDuty change events: the routing key picks the integration' })
  @ApiResponse({ status: 202, description: '{status: "success", message}' })
  @ApiResponse({ status: 400, description: 'PagerDuty’s invalid event body, unknown key too' })
  change(@Req() req: WebhookRequest, @Res({ passthrough: true }) res: WebhookReply) {
    return this.route(CHANGE_EVENTS_PATH, req, res);
  }

  private async route(subPath: string, req: WebhookRequest, res: WebhookReply) {
    const key = routingKeyOf(rawBodyOf(req));
    const integrationId = key.ok ? await this.keys.find(PAGERDUTY, key.value) : undefined;
    if (!integrationId) {
      // As PagerDuty answers an event whose routing key it does not know; nothing is recorded,
      // as for an unknown integration URL.
      const refusal = pagerDutyInvalidEventReply([key.ok ? 'Invalid routing key' : key.problem]);
      res.status(refusal.status);
      return refusal.body;
    }
    return answerDelivery(this.intake, { source: PAGERDUTY, integrationId, subPath }, req, res);
  }
}

function routingKeyOf(body: Buffer): { ok: true; value: string } | { ok: false; problem: string } {
  const parsed = parsedJson(body.toString('utf8'));
  if (!parsed.ok || !isPlainObject(parsed.value)) {
    return { ok: false, problem: 'the body is not a JSON object' };
  }
  const key = parsed.value.routing_key;
  return typeof key === 'string' && key !== ''
    ? { ok: true, value: key }
    : { ok: false, problem: "'routing_key' is missing or blank" };
}
