import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, isDatabaseUnavailable, type Clock } from '@sitrep/platform';
import {
  DEFAULT_SENDER_RETRIES,
  type AlertSource,
  type Handshake,
  type MapOutcome,
  type WebhookDelivery,
} from '../alert-source';
import type { Integration } from '../integrations/integration';
import { IntegrationAuthenticator } from '../integrations/integration-authenticator';
import { IntegrationDirectory, type KnownIntegration } from '../integrations/integration-directory';
import {
  alertsProblems,
  payloadHashOf,
  tidiedAlert,
  type NormalizedAlert,
  type QueuedAlert,
} from '../normalized-alert';
import { SOURCE_REGISTRY, type SourceRegistry } from '../source-registry';
import { redact, storedBodyOf } from './delivery-redaction';
import { retryKeyOf } from './retry-key';
import { DeliveryRecorder } from './delivery-recorder';
import { IntakeError, IntakeErrorCode } from './intake.errors';
import { TokenBuckets } from './token-bucket';
import type { DeliveryRecord, StoredAnswer } from './webhook-delivery.store';

export const WEBHOOK_RATE_LIMITER = Symbol('sitrep.webhook-rate-limiter');

/**
 * Every answer of the intake names the delivery's record in this header (refusals too), once that
 * record has committed: an answer with no record (the database unavailable) names none.
 */
export const DELIVERY_ID_HEADER = 'X-Sitrep-Delivery-Id';

export interface IncomingWebhook {
  source: string;
  integrationId: string;
  /** Below the integration's URL, e.g. `/v2/alerts/x/close` for Opsgenie clients. */
  subPath: string;
  /** Upper-case; POST unless said. */
  method?: string;
  rawBody: Buffer;
  headers: Record<string, string>;
  query: Record<string, string>;
}

/** What a delivery refused before its authentication succeeded keeps of its body. */
export const REFUSED_BODY_BYTES = 4096;
const REFUSED_UNAUTHENTICATED = new Set<string>(['unauthenticated', 'disabled']);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Received = Omit<DeliveryRecord, 'authResult' | 'status' | 'outcome' | 'alerts'>;

/**
 * The intake: checks, maps and records one delivery, and answers once the record is durable.
 * What the alerts then do to incidents is the alert processor's work (AlertProcessor), read
 * from the same record, so a crash after the answer loses nothing; the answer says the alerts
 * were accepted, and `GET /api/v1/deliveries/:id` says what became of them.
 */
@Injectable()
export class WebhookIntakeService {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WEBHOOK_RATE_LIMITER) private readonly buckets: TokenBuckets,
    @Inject(SOURCE_REGISTRY) private readonly sources: SourceRegistry,
    private readonly directory: IntegrationDirectory,
    private readonly authenticator: IntegrationAuthenticator,
    private readonly recorder: DeliveryRecorder,
  ) {}

  /**
   * `named` hears the delivery's id once its record has committed (acceptance or refusal), and
   * only then: a sender must never be handed the id of a delivery that was not stored.
   */
  async receive(
    incoming: IncomingWebhook,
    named: (deliveryId: string) => void,
  ): Promise<StoredAnswer> {
    const known = await this.integrationAt(incoming.source, incoming.integrationId);
    const { integration } = known;
    const source = this.sources.get(integration.source)!.source;
    const method = incoming.method ?? 'POST';
    if (method !== 'POST' && !source.methods?.includes(method)) {
      // As before such routes existed: nothing of this source is at that method.
      throw new IntakeError(IntakeErrorCode.UNKNOWN_INTEGRATION, 'No integration at this URL');
    }
    const receivedAt = this.clock.now();
    const body = storedBodyOf(incoming.rawBody);
    const retries = source.retries ?? DEFAULT_SENDER_RETRIES;
    const received: Received = {
      id: randomUUID(),
      integrationId: integration.integrationId,
      source: integration.source,
      receivedAt,
      path: incoming.subPath,
      query: redact(incoming.query),
      headers: redact(incoming.headers),
      body,
      bodySha256: createHash('sha256').update(body).digest('hex'),
      completedAt: receivedAt,
      retryUntil: new Date(receivedAt.getTime() + retries.windowMs),
    };
    const delivery: WebhookDelivery = {
      rawBody: incoming.rawBody,
      headers: incoming.headers,
      query: incoming.query,
      receivedAt,
      method,
      path: incoming.subPath,
    };
    received.retryKey = retryKeyOf({
      integrationId: integration.integrationId,
      method,
      path: incoming.subPath,
      query: incoming.query,
      body: incoming.rawBody,
      vendorDeliveryId: retries.deliveryIdOf?.(delivery),
    });
    let authResult = 'not checked: disabled';
    try {
      if (!integration.enabled) {
        throw new IntakeError(
          IntakeErrorCode.INTEGRATION_DISABLED,
          'This integration is disabled',
          'disabled',
        );
      }
      const auth = await this.authenticator.authenticate(known, delivery);
      authResult = auth.ok
        ? `accepted: ${auth.method} (credential ${auth.credentialId})`
        : `rejected: ${auth.reason}`;
      if (!auth.ok) {
        throw new IntakeError(
          IntakeErrorCode.UNAUTHENTICATED,
          `Authentication failed: ${auth.reason}`,
          'unauthenticated',
          undefined,
          challengeFor(integration),
        );
      }
      this.takeToken(integration, receivedAt);
      const { answer, alerts, handshake } = this.accept(integration, source, delivery, received.id);
      await this.recorder.record({
        ...received,
        authResult,
        status: 'accepted',
        outcome: handshake ? { answer, handshake } : { answer },
        alerts,
      });
      named(received.id);
      return answer;
    } catch (error) {
      await this.recordRefusal(received, authResult, error, named);
      throw error;
    }
  }

  private async integrationAt(source: string, id: string): Promise<KnownIntegration> {
    const known = UUID.test(id) ? await this.directory.find(id) : undefined;
    // A wrong source answers exactly like an unknown id: the URL says nothing about what exists.
    if (!known || known.integration.source !== source || !this.sources.get(source)) {
      throw new IntakeError(IntakeErrorCode.UNKNOWN_INTEGRATION, 'No integration at this URL');
    }
    return known;
  }

  private takeToken(integration: Integration, at: Date): void {
    const taken = this.buckets.take(integration.integrationId, at);
    if (taken.ok) return;
    throw new IntakeError(
      IntakeErrorCode.RATE_LIMITED,
      `Too many deliveries for this integration; retry in ${taken.retryAfterSeconds} s`,
      'rate-limited',
      undefined,
      { 'Retry-After': String(taken.retryAfterSeconds) },
    );
  }

  /** Parses and maps (pure); the answer the sender gets and the alerts queued for processing. */
  private accept(
    integration: Integration,
    source: AlertSource,
    delivery: WebhookDelivery,
    deliveryId: string,
  ): { answer: StoredAnswer; alerts: QueuedAlert[]; handshake?: Handshake } {
    try {
      return this.parseAndMap(integration, source, delivery, deliveryId);
    } catch (error) {
      throw inVendorTerms(source, error);
    }
  }

  private parseAndMap(
    integration: Integration,
    source: AlertSource,
    delivery: WebhookDelivery,
    deliveryId: string,
  ): { answer: StoredAnswer; alerts: QueuedAlert[]; handshake?: Handshake } {
    const parsed = source.parse(delivery);
    if (!parsed.ok) {
      const code =
        parsed.status === 400 ? IntakeErrorCode.MALFORMED : IntakeErrorCode.UNPROCESSABLE;
      throw new IntakeError(code, parsed.problems.join('; '), 'invalid', parsed.problems);
    }
    const mapped = mapOrRefuse(source, parsed.payload, delivery, integration);
    if (mapped.kind === 'handshake') {
      return {
        answer: source.reply?.(parsed.payload, mapped) ?? {
          status: 200,
          body: { deliveryId, handshake: mapped.action },
        },
        alerts: [],
        handshake: { action: mapped.action, detail: mapped.detail },
      };
    }
    const answer = source.reply?.(parsed.payload, mapped) ?? {
      status: 202,
      body: {
        deliveryId,
        status: 'accepted',
        alerts: mapped.alerts.map((a) => ({ dedupKey: a.dedupKey, status: a.status })),
      },
    };
    return { answer, alerts: mapped.alerts.map(queued) };
  }

  /**
   * Refusals are recorded too (after the fact: they answer no faster than acceptances). One
   * refused before its sender proved who it is keeps only a prefix of its body (see boundedBody).
   */
  private async recordRefusal(
    received: Received,
    authResult: string,
    error: unknown,
    named: (deliveryId: string) => void,
  ) {
    if (error instanceof IntakeError && error.code === IntakeErrorCode.UNKNOWN_INTEGRATION) return;
    // Nothing can be recorded now: answer the 503 at once (the sender retries) without trying.
    if (isDatabaseUnavailable(error)) return;
    const refused = error instanceof IntakeError;
    const status = refused ? (error.deliveryStatus ?? 'invalid') : 'failed';
    const bounded = REFUSED_UNAUTHENTICATED.has(status) ? boundedBody(received.body) : undefined;
    await this.recorder.record({
      ...received,
      body: bounded?.body ?? received.body,
      authResult,
      status,
      outcome: {
        ...(refused
          ? { code: error.code, message: error.message, details: error.details }
          : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) }),
        ...(bounded && { body: bounded.stored }),
      },
      alerts: null,
    });
    named(received.id);
  }
}

/**
 * The mapped alerts, tidied, if every one keeps the normalized contract; else a 422 naming what
 * does not (a payload that validated yet maps to no usable dedup key, summary, severity, …).
 */
function usableAlerts(alerts: readonly NormalizedAlert[]): NormalizedAlert[] {
  const tidied = alerts.map(tidiedAlert);
  const problems = alertsProblems(tidied);
  if (problems.length === 0) return tidied;
  throw new IntakeError(
    IntakeErrorCode.UNPROCESSABLE,
    `The payload maps to alerts Sitrep cannot use: ${problems.join('; ')}`,
    'invalid',
    problems,
  );
}

/** A refusal of what the sender sent, answered as the source's vendor would (AlertSource.refusal). */
function inVendorTerms(source: AlertSource, error: unknown): unknown {
  const refused =
    error instanceof IntakeError &&
    (error.code === IntakeErrorCode.MALFORMED || error.code === IntakeErrorCode.UNPROCESSABLE);
  if (!refused || !source.refusal) return error;
  const details = Array.isArray(error.details) ? error.details : [error.message];
  const problems = details.map((d) => (typeof d === 'string' ? d : JSON.stringify(d)));
  const { code, message, deliveryStatus, headers } = error;
  return new IntakeError(
    code,
    message,
    deliveryStatus,
    error.details,
    headers,
    source.refusal(problems),
  );
}

function queued({ raw, ...alert }: NormalizedAlert): QueuedAlert {
  return { ...alert, payloadHash: payloadHashOf(raw) };
}

/**
 * A payload that parsed but cannot become alerts (e.g. a generic-json mapping that does not fit,
 * or alerts that break the normalized contract) is refused; the alerts come back tidied.
 */
function mapOrRefuse(
  source: AlertSource,
  payload: unknown,
  delivery: WebhookDelivery,
  { mapping, serviceFrom }: Pick<Integration, 'mapping' | 'serviceFrom'>,
): MapOutcome {
  let outcome: MapOutcome;
  try {
    outcome = source.map(payload, delivery, { mapping, serviceFrom });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const { details, problems } = (error ?? {}) as { details?: unknown; problems?: unknown };
    throw new IntakeError(IntakeErrorCode.UNPROCESSABLE, message, 'invalid', details ?? problems);
  }
  return outcome.kind === 'alerts' ? { ...outcome, alerts: usableAlerts(outcome.alerts) } : outcome;
}

/**
 * Anyone who knows an integration's URL can send these, so they keep at most the first
 * REFUSED_BODY_BYTES of the body: 100 refused 1 MiB bodies filled 103 MiB in 2.5 s. The record's
 * bodySha256 and `outcome.body` (size, truncated) still describe the whole (redacted) body.
 */
function boundedBody(body: Buffer): {
  body: Buffer;
  stored: { size: number; storedBytes: number; truncated: boolean };
} {
  const kept = body.subarray(0, REFUSED_BODY_BYTES);
  const stored = {
    size: body.length,
    storedBytes: kept.length,
    truncated: kept.length < body.length,
  };
  return { body: kept, stored };
}

function challengeFor(integration: Integration): Record<string, string> {
  if (integration.authMode === 'basic') return { 'WWW-Authenticate': 'Basic realm="sitrep"' };
  if (integration.authMode === 'bearer') return { 'WWW-Authenticate': 'Bearer realm="sitrep"' };
  return {};
}
