import { createHash, randomUUID } from 'node:crypto';
import { defaultPlanTerms, type PlanInForce } from '@sitrep/incident';
import type { IntegrationSettings } from '../../alert-pipeline.port';
import { DEFAULT_SENDER_RETRIES } from '../../alert-source';
import { retryKeyOf } from '../../intake/retry-key';
import type { DeliveryRecord } from '../../intake/webhook-delivery.store';
import { webhookPathOf, type Integration } from '../../integrations/integration';
import type { QueuedAlert } from '../../normalized-alert';

/** An Alertmanager integration that declares, groups for 300 s, resolves, reopens within 600 s. */
export const anIntegration = (over: Partial<IntegrationSettings> = {}): IntegrationSettings => ({
  integrationId: randomUUID(),
  source: 'alertmanager',
  name: 'prod',
  openAs: 'declared',
  groupingWindowSeconds: 300,
  autoResolve: 'resolve',
  reopenWindowSeconds: 600,
  ...over,
});

/** The same as stored by the integrations API, with bearer auth, enabled. */
export function anIntegrationRecord(over: Partial<Integration> = {}): Integration {
  const settings = anIntegration();
  return {
    ...settings,
    name: `it-${settings.integrationId}`,
    authMode: 'bearer',
    enabled: true,
    createdAt: new Date(),
    webhookPath: webhookPathOf(settings.source, settings.integrationId),
    ...over,
  };
}

/** A firing alert as the intake queues it: checkout's high error rate. */
export const aQueuedAlert = (over: Partial<QueuedAlert> = {}): QueuedAlert => ({
  source: 'alertmanager',
  dedupKey: 'HighErrorRate',
  status: 'firing',
  severity: 'SEV2',
  summary: 'High error rate on checkout',
  service: 'checkout',
  labels: {},
  startedAt: '2026-01-01T10:00:00.000Z',
  links: [],
  payloadHash: 'payload-1',
  ...over,
});

/** An accepted delivery as the intake records it; unique bytes unless `body` says otherwise. */
export function anAcceptedDelivery(
  integration: Pick<IntegrationSettings, 'integrationId' | 'source'>,
  alerts: QueuedAlert[],
  over: { body?: string; receivedAt?: Date; path?: string; retryWindowMs?: number } = {},
): DeliveryRecord {
  const body = Buffer.from(over.body ?? JSON.stringify({ unique: randomUUID() }));
  const receivedAt = over.receivedAt ?? new Date();
  const path = over.path ?? '';
  return {
    id: randomUUID(),
    integrationId: integration.integrationId,
    source: integration.source,
    receivedAt,
    path,
    query: {},
    headers: {},
    body,
    bodySha256: createHash('sha256').update(body).digest('hex'),
    authResult: 'accepted: bearer (credential test)',
    status: 'accepted',
    outcome: { answer: { status: 202, body: {} } },
    alerts,
    completedAt: receivedAt,
    retryKey: retryKeyOf({
      integrationId: integration.integrationId,
      method: 'POST',
      path,
      query: {},
      body,
    }),
    retryUntil: new Date(
      receivedAt.getTime() + (over.retryWindowMs ?? DEFAULT_SENDER_RETRIES.windowMs),
    ),
  };
}

/** The default response plan as the catalog hands it over: the standing process's terms. */
export const aPlanInForce = (contacts: PlanInForce['contacts'] = []): PlanInForce => ({
  planId: 'default',
  version: 1,
  ...defaultPlanTerms,
  contacts,
});
