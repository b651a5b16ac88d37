import { randomBytes, randomUUID } from 'node:crypto';
import type { LoadPlan, Target } from './load-plan';
import {
  CONNECTIONS,
  GROUPING_WINDOW,
  HOT_ALERTS,
  INTEGRATIONS,
  POOL_SIZE,
  REPEAT_SHARE,
  SERVICES,
} from './settings';

/* What the storms need before they start: the apps' environment, the plan, the integrations. */

/** The api's and worker's environment: the bench database, fresh topic and groups, new secrets. */
export function appEnv(url: string, adminToken: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: url,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    KAFKA_EVENTS_TOPIC: `sitrep.bench-ingest-${randomUUID()}`,
    KAFKA_GROUP_PREFIX: `sitrep-bench-ingest-${randomUUID()}`,
    SITREP_ADMIN_TOKEN: adminToken,
    SITREP_SECRETS_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    ...(POOL_SIZE ? { DATABASE_POOL_SIZE: POOL_SIZE } : {}),
  };
}

/** The plan before Sitrep runs: stand-in integrations, for the ceilings' bare route. */
export function initialPlan(): LoadPlan {
  return {
    baseUrl: '',
    integrations: Array.from({ length: INTEGRATIONS }, () => ({
      path: `/webhooks/alertmanager/${randomUUID()}`,
      token: 'none',
    })),
    services: SERVICES,
    connections: CONNECTIONS,
    hotAlerts: HOT_ALERTS,
    repeatShare: REPEAT_SHARE,
    tag: randomBytes(4).toString('hex'),
  };
}

export async function createIntegrations(baseUrl: string, adminToken: string): Promise<Target[]> {
  const targets: Target[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < INTEGRATIONS) {
        targets.push(await createIntegration(baseUrl, adminToken, next++));
      }
    }),
  );
  return targets;
}

async function createIntegration(baseUrl: string, adminToken: string, i: number): Promise<Target> {
  const res = await fetch(`${baseUrl}/api/v1/integrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({
      source: 'alertmanager',
      name: `bench storm ${i}`,
      openAs: 'declared',
      groupingWindowSeconds: GROUPING_WINDOW,
      authMode: 'bearer',
    }),
  });
  if (res.status !== 201) {
    throw new Error(`POST /api/v1/integrations: ${res.status} ${await res.text()}`);
  }
  const created = (await res.json()) as {
    webhookPath: string;
    credentials: { kind: string; secret: string }[];
  };
  const token = created.credentials.find((c) => c.kind === 'token')!.secret;
  return { path: created.webhookPath, token };
}
