import {
  DEFAULT_SENDER_RETRIES,
  type AlertSource,
  type ParseResult,
  type WebhookDelivery,
} from '../../alert-source';
import { parseVendorJson, rawJsonOf } from '../shared/vendor-json';
import { authenticateBySignature } from '../shared/vendor-signature';
import { SENTRY, mapSentryDelivery } from './sentry.mapper';
import {
  SentryEventAlertPayload,
  SentryIssuePayload,
  SentryMetricAlertPayload,
  SentryWebhookEnvelope,
  type SentryDelivery,
} from './sentry.payload';
import { verifySentrySignature, type SentrySignatureOptions } from './sentry.signature';

/**
 * Sentry's integration-platform webhooks (an internal integration with "Alert Rule Action" on,
 * chosen as the action of issue and metric alert rules; optionally subscribed to issue events so
 * that resolving in Sentry resolves here). With the integration's client secret as signing
 * secret, the signature is required; without one the webhook layer's auth applies.
 */
export function createSentrySource(
  signature: Partial<SentrySignatureOptions> = {},
): AlertSource<SentryDelivery> {
  return {
    name: SENTRY,
    parse: parseSentryDelivery,
    authenticate: authenticateBySignature('sentry-hmac-sha256', verifySentrySignature, signature),
    // Each webhook request carries its own Request-ID, kept on Sentry's retries of it.
    retries: {
      ...DEFAULT_SENDER_RETRIES,
      deliveryIdOf: (delivery) => delivery.headers['request-id']?.trim() || undefined,
    },
    map: (payload, delivery) => ({
      kind: 'alerts',
      alerts: mapSentryDelivery(payload, rawJsonOf(delivery), delivery.receivedAt),
    }),
  };
}

export const sentrySource = createSentrySource();

function parseSentryDelivery(delivery: WebhookDelivery): ParseResult<SentryDelivery> {
  const resource = delivery.headers['sentry-hook-resource']?.trim();
  if (!resource) {
    return { ok: false, status: 400, problems: ['the Sentry-Hook-Resource header is missing'] };
  }
  const read = <T extends object, D extends SentryDelivery>(
    dto: new () => T,
    wrap: (body: T) => D,
  ): ParseResult<SentryDelivery> => {
    const parsed = parseVendorJson(dto, delivery);
    return parsed.ok ? { ok: true, payload: wrap(parsed.payload) } : parsed;
  };
  switch (resource) {
    case 'event_alert':
      return read(SentryEventAlertPayload, (body) => ({ resource, body }));
    case 'metric_alert':
      return read(SentryMetricAlertPayload, (body) => ({ resource, body }));
    case 'issue':
      return read(SentryIssuePayload, (body) => ({ resource, body }));
    default:
      return read(SentryWebhookEnvelope, (body) => ({ resource: 'other', name: resource, body }));
  }
}
