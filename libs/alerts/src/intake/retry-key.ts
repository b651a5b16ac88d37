import { createHash } from 'node:crypto';

/** What makes a delivery the same delivery sent again. */
export interface RetryIdentity {
  integrationId: string;
  method: string;
  /** Below the integration's URL: Opsgenie's alias is here, not in the body. */
  path: string;
  query: Readonly<Record<string, string>>;
  body: Buffer;
  /** The vendor's id of the delivery where it has one (SNS MessageId, Sentry Request-ID). */
  vendorDeliveryId?: string;
}

/**
 * The hash two copies of one delivery share, and nothing else does: the body alone was not enough
 * (Alertmanager's Opsgenie close body is the same for every alias). The query is taken in name
 * order, as senders need not keep it; the body goes last, after a line no JSON array contains.
 */
export function retryKeyOf(identity: RetryIdentity): string {
  const query = Object.entries(identity.query).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const head = JSON.stringify([
    identity.integrationId,
    identity.method.toUpperCase(),
    identity.path,
    query,
    identity.vendorDeliveryId ?? null,
  ]);
  return createHash('sha256').update(head).update('\n').update(identity.body).digest('hex');
}
