import type { NormalizedAlert } from './normalized-alert';

/** What the webhook layer hands a source: the delivery as received, before any parsing. */
export interface WebhookDelivery {
  /** Exactly the bytes received (signatures are checked over these). */
  rawBody: Buffer;
  /** Lower-cased header names. */
  headers: Readonly<Record<string, string | undefined>>;
  query: Readonly<Record<string, string | undefined>>;
  receivedAt: Date;
  /** Upper-case; POST unless the source takes others (AlertSource.methods). */
  method?: string;
  /** Below the integration's URL, e.g. `/v2/alerts/x/close` for Opsgenie clients. */
  path?: string;
}

/** The per-integration secrets a source may need to check a delivery. */
export interface SourceCredentials {
  /** Shared secret for vendor signatures (HMAC) where the vendor signs. */
  signingSecret?: string;
  /** Vendor-specific keys: PagerDuty routing key, Opsgenie GenieKey, ... */
  vendorKey?: string;
  /** Per-integration mapping for configurable sources (generic JSON). */
  mapping?: unknown;
  /** Where the sender puts its signature and timestamp, when not the vendor's default headers. */
  signatureHeaders?: SignatureHeaders;
  /** The label names, in order, whose first value names the service (sources that read labels). */
  serviceFrom?: readonly string[];
}

/** Header names (lower-cased) an integration's sender was configured to sign in. */
export interface SignatureHeaders {
  signature?: string;
  /** Set: the sender stamps and signs `<timestamp>:<body>`, and an unstamped delivery is refused. */
  timestamp?: string;
}

export type AuthenticationResult =
  | { ok: true; method: string }
  | { ok: false; reason: string }
  /** The source has no vendor-specific check; the webhook layer applies bearer/basic auth. */
  | { ok: 'not-applicable' };

export type ParseResult<P> =
  | { ok: true; payload: P }
  /** 400: not JSON / not the declared content type; 422: JSON of the wrong shape. */
  | { ok: false; status: 400 | 422; problems: string[] };

/** What the source wants answered when the delivery was accepted, e.g. PagerDuty's 202 body. */
export interface SourceReply {
  status: number;
  body: unknown;
}

/** A protocol message that carries no alert, e.g. SNS SubscriptionConfirmation. */
export interface Handshake {
  action: string;
  detail: Record<string, string>;
}

export type MapOutcome =
  { kind: 'alerts'; alerts: NormalizedAlert[] } | ({ kind: 'handshake' } & Handshake);

/** What answering a handshake came to, recorded with the delivery's processing outcome. */
export type HandshakeAnswer = Record<string, unknown>;

/**
 * How a sender retries a delivery it thinks failed: the same integration, method, path, query and
 * body (and the vendor's delivery id where it has one), within `windowMs` of the first copy.
 * Anything else, the same bytes later included, is a new delivery.
 */
export interface SenderRetries {
  /** How long after a delivery the sender may still send it again. */
  windowMs: number;
  /** The vendor's id of the delivery, the same on each of its retries (SNS MessageId, …). */
  deliveryIdOf?(delivery: WebhookDelivery): string | undefined;
}

/** Senders that say nothing of their retries: an hour covers the backoffs webhook senders use. */
export const DEFAULT_SENDER_RETRIES: SenderRetries = { windowMs: 3600 * 1000 };

/**
 * One monitoring tool's webhook: how to read it, how to check it came from that tool, and how to
 * turn it into normalized alerts. Pure: no I/O (anything that needs the network is injected).
 */
export interface AlertSource<P = unknown> {
  readonly name: string;
  /**
   * HTTP methods its senders use below the integration's URL besides POST (Opsgenie's Alert API
   * updates with PUT, pings heartbeats with GET); others are answered 404, as an unknown path.
   */
  readonly methods?: readonly string[];
  parse(delivery: WebhookDelivery): ParseResult<P>;
  authenticate(
    delivery: WebhookDelivery,
    credentials: SourceCredentials,
  ): AuthenticationResult | Promise<AuthenticationResult>;
  map(payload: P, delivery: WebhookDelivery, credentials: SourceCredentials): MapOutcome;
  /** How its sender retries (default DEFAULT_SENDER_RETRIES). */
  readonly retries?: SenderRetries;
  /** How to answer an accepted delivery; default 202 with the dedup keys. */
  reply?(payload: P, outcome: MapOutcome): SourceReply;
  /**
   * How to answer a delivery refused as malformed or unprocessable, for vendors whose clients read
   * the vendor's own error body (PagerDuty's); default Sitrep's error shape.
   */
  refusal?(problems: string[]): SourceReply;
  /**
   * What the vendor needs done once a handshake was accepted (SNS: visit SubscribeURL). Run by
   * the alert processor, after the answer, with the network access the source was given;
   * undefined: nothing to do for this action.
   */
  answerHandshake?(handshake: Handshake): Promise<HandshakeAnswer | undefined>;
}
