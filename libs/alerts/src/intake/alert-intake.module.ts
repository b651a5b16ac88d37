import { VendorKeyDirectory } from '../integrations/vendor-key-directory';
import { PagerDutyEventsController } from './pagerduty-events.http.controller';
import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { SITREP_CONFIG, type SitrepConfig } from '@sitrep/platform';
import { IntegrationAuthenticator } from '../integrations/integration-authenticator';
import { IntegrationDirectory } from '../integrations/integration-directory';
import { IntegrationService } from '../integrations/integration.service';
import { IntegrationsController } from '../integrations/integrations.http.controller';
import { integrationMigrations } from '../integrations/integrations.migrations';
import { SECRET_BOX, SecretBox, secretsKeyFromConfig } from '../integrations/secret-box';
import { createSourceRegistry, SOURCE_REGISTRY, type SourceRegistry } from '../source-registry';
import { DeliveriesController } from './deliveries.http.controller';
import { DeliveryRecorder } from './delivery-recorder';
import { DEFAULT_WEBHOOK_RATE_LIMIT, TokenBuckets, type RateLimit } from './token-bucket';
import { webhookDeliveryMigrations } from './webhook-delivery.migrations';
import { WEBHOOK_RATE_LIMITER, WebhookIntakeService } from './webhook-intake.service';
import { WebhooksController } from './webhooks.http.controller';

export interface AlertIntakeOptions {
  /**
   * The AES-256 key (32 bytes) sealing signing secrets and vendor keys, or how to get it from the
   * configuration. Every process that reads integrations must use the same key. Default:
   * `secretsKeyFromConfig` (SITREP_SECRETS_KEY, or a key generated into the embedded data dir).
   */
  secretsKey?: Buffer | ((config: SitrepConfig) => Buffer);
  /** Per integration and process; default: WEBHOOK_RATE_PER_SECOND / WEBHOOK_RATE_BURST (50/200). */
  rateLimit?: RateLimit;
  sources?: SourceRegistry;
}

/** Both tables; compose after the platform's and the event store's (the queue's checkpoint). */
export const alertIntakeMigrations = [...integrationMigrations, ...webhookDeliveryMigrations];

/**
 * Integrations (admin API), the webhook intake and the raw delivery record. Needs DATABASE,
 * CLOCK, SITREP_CONFIG (global platform modules). What accepted deliveries then do is the alert
 * processor's work (AlertProcessingModule), which reads them from the record.
 */
@Module({})
export class AlertIntakeModule {
  static forRoot(options: AlertIntakeOptions): DynamicModule {
    const { secretsKey } = options;
    return {
      module: AlertIntakeModule,
      imports: [CqrsModule],
      controllers: [
        IntegrationsController,
        WebhooksController,
        PagerDutyEventsController,
        DeliveriesController,
      ],
      providers: [
        {
          provide: SECRET_BOX,
          inject: [{ token: SITREP_CONFIG, optional: true }],
          useFactory: (config: SitrepConfig) => new SecretBox(keyOf(secretsKey, config)),
        },
        { provide: SOURCE_REGISTRY, useValue: options.sources ?? createSourceRegistry() },
        {
          provide: WEBHOOK_RATE_LIMITER,
          inject: [{ token: SITREP_CONFIG, optional: true }],
          useFactory: (config?: SitrepConfig) =>
            new TokenBuckets(
              options.rateLimit ?? config?.webhookRateLimit ?? DEFAULT_WEBHOOK_RATE_LIMIT,
            ),
        },
        IntegrationService,
        IntegrationDirectory,
        VendorKeyDirectory,
        IntegrationAuthenticator,
        DeliveryRecorder,
        WebhookIntakeService,
      ],
      exports: [IntegrationService, SOURCE_REGISTRY],
    };
  }
}

function keyOf(secretsKey: AlertIntakeOptions['secretsKey'], config: SitrepConfig): Buffer {
  if (secretsKey === undefined) return secretsKeyFromConfig(config);
  return typeof secretsKey === 'function' ? secretsKey(config) : secretsKey;
}
