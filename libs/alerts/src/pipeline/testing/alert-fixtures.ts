import { randomUUID } from 'node:crypto';
import type { IntegrationSettings } from '../../alert-pipeline.port';
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

/** A firing alert as the door queues it: checkout's high error rate. */
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
