import type { AlertSource, ParseResult, SourceReply } from '../../alert-source';
import { parseVendorJson, rawJsonOf } from '../shared/vendor-json';
import { CHANGE_EVENTS_PATH, PagerDutyChangeEvent, mapPagerDutyChange } from './pagerduty-change';
import { PAGERDUTY, mapPagerDutyEvent, pagerDutyDedupKey } from './pagerduty.mapper';
import { PagerDutyEvent } from './pagerduty.payload';
import { checkRoutingKey } from './pagerduty.routing-key';

/** What the source keeps from parsing: the event, and the bytes its generated dedup key comes from. */
export type PagerDutyDelivery =
  | { kind?: 'alert'; event: PagerDutyEvent; rawBody: Buffer }
  | { kind: 'change'; change: PagerDutyChangeEvent };

/**
 * PagerDuty's Events API v2, so that anything that can page PagerDuty (Alertmanager's
 * `pagerduty_configs`, Grafana, Datadog, CI tools) can send to Sitrep by changing the URL.
 * Invalid events are 400 as PagerDuty answers them (senders treat 4xx other than 429 as final);
 * accepted ones are answered exactly as PagerDuty does.
 */
export const pagerDutySource: AlertSource<PagerDutyDelivery> = {
  name: PAGERDUTY,
  parse: (delivery): ParseResult<PagerDutyDelivery> => {
    if (delivery.path?.replace(/\/+$/, '') === CHANGE_EVENTS_PATH) {
      const change = parseVendorJson(PagerDutyChangeEvent, delivery, { invalidStatus: 400 });
      return change.ok ? { ok: true, payload: { kind: 'change', change: change.payload } } : change;
    }
    const parsed = parseVendorJson(PagerDutyEvent, delivery, { invalidStatus: 400 });
    return parsed.ok
      ? { ok: true, payload: { event: parsed.payload, rawBody: delivery.rawBody } }
      : parsed;
  },
  // Events API clients retry a 5xx or a timeout within minutes; the same event sent later (a new
  // episode's trigger) is a new delivery.
  retries: { windowMs: 10 * 60 * 1000 },
  authenticate: (delivery, credentials) =>
    credentials.vendorKey
      ? checkRoutingKey(delivery, credentials.vendorKey)
      : { ok: 'not-applicable' },
  map: (parsed, delivery, { serviceFrom }) =>
    parsed.kind === 'change'
      ? mapPagerDutyChange(parsed.change, delivery.receivedAt, serviceFrom)
      : {
          kind: 'alerts',
          alerts: mapPagerDutyEvent(
            parsed.event,
            parsed.rawBody,
            rawJsonOf(parsed),
            delivery.receivedAt,
            serviceFrom,
          ),
        },
  refusal: (problems) => pagerDutyInvalidEventReply(problems),
  reply: (parsed): SourceReply =>
    parsed.kind === 'change'
      ? { status: 202, body: { status: 'success', message: 'Change event processed' } }
      : {
          status: 202,
          body: {
            status: 'success',
            message: 'Event processed',
            dedup_key: pagerDutyDedupKey(parsed.event, parsed.rawBody),
          },
        },
};

/** PagerDuty's answer to an event it cannot accept, for the webhook layer's 400. */
export function pagerDutyInvalidEventReply(problems: string[]): SourceReply {
  return {
    status: 400,
    body: { status: 'invalid event', message: 'Event object is invalid', errors: problems },
  };
}
