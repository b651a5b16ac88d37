import { randomBytes } from 'node:crypto';
import { Global, Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  apiKeyMigrations,
  AuthModule,
  CLOCK,
  DATABASE,
  SITREP_CONFIG,
  startHttpApp,
  type AuthFailureLimit,
  type Clock,
  type Database,
  type OpenedDatabase,
} from '@sitrep/platform';
import { eventStoreMigrations } from '@sitrep/event-store';
import { openTestDatabase } from '@sitrep/testing';
import type { SourceRegistry } from '../../source-registry';
import { AlertIntakeModule, alertIntakeMigrations } from '../alert-intake.module';
import type { RateLimit } from '../token-bucket';

export const TEST_ADMIN_TOKEN = `test-admin-${randomBytes(8).toString('hex')}`;

/** The delivery queue's migration starts the alert processor's checkpoint: it needs the event store's tables. */
export function openIntakeTestDatabase(): Promise<OpenedDatabase> {
  return openTestDatabase([...eventStoreMigrations, ...apiKeyMigrations, ...alertIntakeMigrations]);
}

export interface IntakeAppOptions {
  db: Database;
  clock: Clock;
  rateLimit?: RateLimit;
  sources?: SourceRegistry;
  authFailureLimit?: AuthFailureLimit;
}

/**
 * The intake with the HTTP edge configured as the apps do (raw webhook bodies). No alert
 * processor runs: accepted deliveries stay queued in webhook_deliveries.
 */
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

  const moduleRef = await Test.createTestingModule({
    imports: [
      InfrastructureModule,
      AuthModule,
      AlertIntakeModule.forRoot({
        secretsKey: randomBytes(32),
        rateLimit: options.rateLimit,
        sources: options.sources,
      }),
    ],
  }).compile();
  return startHttpApp(moduleRef, { authFailureLimit: options.authFailureLimit });
}
