import { randomBytes } from 'node:crypto';
import { Global, Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  apiKeyMigrations,
  AuthModule,
  CLOCK,
  configureHttpApp,
  DATABASE,
  SITREP_CONFIG,
  type Clock,
  type Database,
  type OpenedDatabase,
} from '@sitrep/platform';
import { openTestDatabase } from '@sitrep/testing';
import {
  ALERT_PIPELINE,
  type AlertOutcome,
  type AlertPipeline,
  type IntegrationSettings,
} from '../../alert-pipeline.port';
import type { NormalizedAlert } from '../../normalized-alert';
import type { SourceRegistry } from '../../source-registry';
import { AlertIntakeModule, alertIntakeMigrations } from '../alert-intake.module';
import type { RateLimit } from '../token-bucket';

export const TEST_ADMIN_TOKEN = `test-admin-${randomBytes(8).toString('hex')}`;

export interface IngestCall {
  integration: IntegrationSettings;
  alerts: readonly NormalizedAlert[];
  delivery: { deliveryId: string; receivedAt: Date };
}

/** Stands in for the real pipeline (written elsewhere): records calls, opens one incident each. */
export class RecordingPipeline implements AlertPipeline {
  readonly calls: IngestCall[] = [];
  /** The next ingest throws this once, as a pipeline whose database went away would. */
  failNext?: Error;

  async ingest(
    integration: IntegrationSettings,
    alerts: readonly NormalizedAlert[],
    delivery: { deliveryId: string; receivedAt: Date },
  ): Promise<AlertOutcome[]> {
    this.calls.push({ integration, alerts, delivery });
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure) throw failure;
    return alerts.map((alert) => ({
      dedupKey: alert.dedupKey,
      decision: 'opened',
      reason: 'recording pipeline',
    }));
  }

  callsFor(integrationId: string): IngestCall[] {
    return this.calls.filter((call) => call.integration.integrationId === integrationId);
  }
}

export function openIntakeTestDatabase(): Promise<OpenedDatabase> {
  return openTestDatabase([...apiKeyMigrations, ...alertIntakeMigrations]);
}

export interface IntakeAppOptions {
  db: Database;
  clock: Clock;
  pipeline: AlertPipeline;
  rateLimit?: RateLimit;
  sources?: SourceRegistry;
}

/** The intake with the HTTP edge configured as proposed for the apps (raw webhook bodies). */
export async function startIntakeApp(options: IntakeAppOptions): Promise<INestApplication> {
  @Global()
  @Module({
    providers: [
      { provide: DATABASE, useValue: options.db },
      { provide: CLOCK, useValue: options.clock },
      { provide: SITREP_CONFIG, useValue: { adminToken: TEST_ADMIN_TOKEN } },
    ],
    exports: [DATABASE, CLOCK, SITREP_CONFIG],
  })
  class InfrastructureModule {}

  @Module({
    providers: [{ provide: ALERT_PIPELINE, useValue: options.pipeline }],
    exports: [ALERT_PIPELINE],
  })
  class PipelineModule {}

  const moduleRef = await Test.createTestingModule({
    imports: [
      InfrastructureModule,
      AuthModule,
      AlertIntakeModule.forRoot({
        secretsKey: randomBytes(32),
        rateLimit: options.rateLimit,
        sources: options.sources,
        imports: [PipelineModule],
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false, bodyParser: false });
  configureHttpApp(app);
  await app.init();
  return app;
}
