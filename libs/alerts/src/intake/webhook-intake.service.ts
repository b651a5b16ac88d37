import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, DATABASE, type Clock, type Database } from '@sitrep/platform';
import { ALERT_PIPELINE, type AlertPipeline } from '../alert-pipeline.port';
import type { WebhookDelivery } from '../alert-source';
import { settingsOf, type Integration } from '../integrations/integration';
import { IntegrationAuthenticator } from '../integrations/integration-authenticator';
import { integrationStore } from '../integrations/integration.store';
import { SOURCE_REGISTRY, type SourceRegistry } from '../source-registry';
import { redact } from './delivery-redaction';
import { IntakeError, IntakeErrorCode } from './intake.errors';
import { acceptDelivery } from './accept-delivery';
import { TokenBuckets } from './token-bucket';
import { deliveryStore, type StoredAnswer } from './webhook-delivery.store';

export const WEBHOOK_RATE_LIMITER = Symbol('sitrep.webhook-rate-limiter');

export interface IncomingWebhook {
  source: string;
  integrationId: string;
  /** Below the integration's URL, e.g. `/v2/alerts/x/close` for Opsgenie clients. */
  subPath: string;
  rawBody: Buffer;
  headers: Record<string, string>;
  query: Record<string, string>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One webhook delivery from door to pipeline. The raw record is written first and committed on
 * its own, so whatever happens next — refusal, crash, pipeline failure — the delivery is on file.
 */
@Injectable()
export class WebhookIntakeService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ALERT_PIPELINE) private readonly pipeline: AlertPipeline,
    @Inject(WEBHOOK_RATE_LIMITER) private readonly buckets: TokenBuckets,
    @Inject(SOURCE_REGISTRY) private readonly sources: SourceRegistry,
    private readonly authenticator: IntegrationAuthenticator,
  ) {}

  async receive(incoming: IncomingWebhook): Promise<StoredAnswer & { deliveryId: string }> {
    const integration = await this.integrationAt(incoming.source, incoming.integrationId);
    const receivedAt = this.clock.now();
    const deliveryId = randomUUID();
    const bodySha256 = createHash('sha256').update(incoming.rawBody).digest('hex');
    await deliveryStore.insert(this.db, {
      id: deliveryId,
      integrationId: integration.integrationId,
      source: integration.source,
      receivedAt,
      path: incoming.subPath,
      query: redact(incoming.query),
      headers: redact(incoming.headers),
      body: incoming.rawBody,
      bodySha256,
    });
    const delivery: WebhookDelivery & { path: string } = {
      rawBody: incoming.rawBody,
      headers: incoming.headers,
      query: incoming.query,
      receivedAt,
      path: incoming.subPath,
    };
    try {
      await this.admit(integration, delivery, deliveryId);
      const answer = await acceptDelivery(
        { db: this.db, pipeline: this.pipeline, clock: this.clock },
        {
          integration,
          settings: settingsOf(integration),
          source: this.sources.get(integration.source)!.source,
          delivery,
          deliveryId,
          bodySha256,
        },
      );
      return { ...answer, deliveryId };
    } catch (error) {
      await this.recordFailure(deliveryId, error);
      throw error;
    }
  }

  private async integrationAt(source: string, id: string): Promise<Integration> {
    const integration = UUID.test(id) ? await integrationStore.find(this.db, id) : undefined;
    // A wrong source answers exactly like an unknown id: the URL says nothing about what exists.
    if (!integration || integration.source !== source || !this.sources.get(source)) {
      throw new IntakeError(IntakeErrorCode.UNKNOWN_INTEGRATION, 'No integration at this URL');
    }
    return integration;
  }

  /** Disabled, then authentication, then the rate limit: in that order, each recorded. */
  private async admit(
    integration: Integration,
    delivery: WebhookDelivery,
    deliveryId: string,
  ): Promise<void> {
    if (!integration.enabled) {
      await deliveryStore.recordAuthResult(this.db, deliveryId, 'not checked: disabled');
      throw new IntakeError(
        IntakeErrorCode.INTEGRATION_DISABLED,
        'This integration is disabled',
        'disabled',
      );
    }
    const auth = await this.authenticator.authenticate(integration, delivery);
    await deliveryStore.recordAuthResult(
      this.db,
      deliveryId,
      auth.ok
        ? `accepted: ${auth.method} (credential ${auth.credentialId})`
        : `rejected: ${auth.reason}`,
    );
    if (!auth.ok) {
      throw new IntakeError(
        IntakeErrorCode.UNAUTHENTICATED,
        `Authentication failed: ${auth.reason}`,
        'unauthenticated',
        undefined,
        challengeFor(integration),
      );
    }
    const taken = this.buckets.take(integration.integrationId, delivery.receivedAt);
    if (!taken.ok) {
      throw new IntakeError(
        IntakeErrorCode.RATE_LIMITED,
        `Too many deliveries for this integration; retry in ${taken.retryAfterSeconds} s`,
        'rate-limited',
        undefined,
        { 'Retry-After': String(taken.retryAfterSeconds) },
      );
    }
  }

  private async recordFailure(deliveryId: string, error: unknown): Promise<void> {
    const refused = error instanceof IntakeError;
    const outcome = refused
      ? { code: error.code, message: error.message, details: error.details }
      : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
    await deliveryStore.complete(
      this.db,
      deliveryId,
      refused ? (error.deliveryStatus ?? 'invalid') : 'failed',
      outcome,
      this.clock.now(),
    );
  }
}

function challengeFor(integration: Integration): Record<string, string> {
  if (integration.authMode === 'basic') return { 'WWW-Authenticate': 'Basic realm="sitrep"' };
  if (integration.authMode === 'bearer') return { 'WWW-Authenticate': 'Bearer realm="sitrep"' };
  return {};
}
