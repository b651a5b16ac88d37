import { randomUUID } from 'node:crypto';
import type { EventBus } from '@nestjs/cqrs';
import { systemClock, type OpenedDatabase } from '@sitrep/platform';
import { eventStoreMigrations, PostgresEventStore } from '@sitrep/event-store';
import { IncidentCommandRunner, type PlanInForce } from '@sitrep/incident';
import { openTestDatabase } from '@sitrep/testing';
import type { IntegrationSettings } from '../alert-pipeline.port';
import type { NormalizedAlert } from '../normalized-alert';
import { AlertPipelineService } from './alert-pipeline.service';

describe('the alert pipeline against the real event store', () => {
  let opened: OpenedDatabase;
  let store: PostgresEventStore;
  let incidents: IncidentCommandRunner;
  let pipeline: AlertPipelineService;
  const eventBus = { publish: () => undefined } as unknown as EventBus;
  const plan: PlanInForce = {
    planId: 'default',
    version: 1,
    investigationMinutes: 30,
    huddleMinutes: 5,
    internalUpdateMinutes: 30,
    customerUpdateMinutes: 60,
    contacts: [{ name: 'On-call', channel: 'sms', address: '+441234567890' }],
  };

  beforeAll(async () => {
    opened = await openTestDatabase(eventStoreMigrations, 20);
    store = new PostgresEventStore(opened.database);
    incidents = new IncidentCommandRunner(store, systemClock, eventBus);
    pipeline = new AlertPipelineService(store, incidents, { inForce: () => Promise.resolve(plan) });
  });
  afterAll(() => opened.dataSource.destroy());

  const integration = (over: Partial<IntegrationSettings> = {}): IntegrationSettings => ({
    integrationId: randomUUID(),
    source: 'alertmanager',
    name: 'prod',
    openAs: 'declared',
    groupingWindowSeconds: 300,
    autoResolve: 'resolve',
    reopenWindowSeconds: 600,
    ...over,
  });
  const alert = (over: Partial<NormalizedAlert> = {}): NormalizedAlert => ({
    source: 'alertmanager',
    dedupKey: 'HighErrorRate',
    status: 'firing',
    severity: 'SEV2',
    summary: 'High error rate on checkout',
    service: 'checkout',
    labels: {},
    startedAt: '2026-01-01T10:00:00.000Z',
    links: [],
    raw: { n: 1 },
    ...over,
  });
  // Incident commands take the wall clock; deliveries start now, so windows compare like with like.
  const t0 = Date.now();
  const delivery = (offsetSeconds = 0) => ({
    deliveryId: randomUUID(),
    receivedAt: new Date(t0 + offsetSeconds * 1000),
  });
  const types = async (incidentId: string) =>
    (await store.readStream(`incident-${incidentId}`)).map((e) => e.type);

  it('a firing alert opens a declared incident and starts the notify step', async () => {
    const [outcome] = await pipeline.ingest(integration(), [alert()], delivery());
    expect(outcome).toMatchObject({ decision: 'opened' });
    expect(await types(outcome.incidentId!)).toEqual([
      'IncidentDeclared',
      'NotificationsRequested',
      'InvestigationTimeboxStarted',
    ]);
  });

  it('a repeat is deduplicated and counted; a changed payload is an update', async () => {
    const i = integration();
    const [first] = await pipeline.ingest(i, [alert()], delivery());
    const [second] = await pipeline.ingest(i, [alert()], delivery(10));
    const [third] = await pipeline.ingest(i, [alert({ raw: { n: 2 } })], delivery(20));
    expect(second).toMatchObject({ decision: 'deduplicated', incidentId: first.incidentId });
    expect(second.reason).toContain('2 deliveries');
    expect(third).toMatchObject({ decision: 'updated', incidentId: first.incidentId });
  });

  it('another alert of the service joins within the window; another service opens its own', async () => {
    const i = integration();
    const [a] = await pipeline.ingest(i, [alert()], delivery());
    const [b] = await pipeline.ingest(i, [alert({ dedupKey: 'Latency' })], delivery(60));
    const [c] = await pipeline.ingest(
      i,
      [alert({ dedupKey: 'Disk', service: 'billing' })],
      delivery(60),
    );
    const [d] = await pipeline.ingest(i, [alert({ dedupKey: 'Late' })], delivery(400));
    expect(b).toMatchObject({ decision: 'joined', incidentId: a.incidentId });
    expect(b.reason).toContain('grouping');
    expect(c.decision).toBe('opened');
    expect(c.incidentId).not.toBe(a.incidentId);
    expect(d.decision).toBe('opened');
    expect(d.incidentId).not.toBe(a.incidentId);
  });

  it('when every alert resolved the incident is resolved; refiring within the window reopens it', async () => {
    const i = integration();
    const [a] = await pipeline.ingest(i, [alert(), alert({ dedupKey: 'Latency' })], delivery());
    const [r1] = await pipeline.ingest(i, [alert({ status: 'resolved' })], delivery(30));
    expect(r1.reason).toContain('still fire');
    expect(await types(a.incidentId!)).not.toContain('IncidentResolved');
    await pipeline.ingest(i, [alert({ dedupKey: 'Latency', status: 'resolved' })], delivery(40));
    expect(await types(a.incidentId!)).toContain('IncidentResolved');
    const [again] = await pipeline.ingest(i, [alert()], delivery(100));
    expect(again).toMatchObject({ decision: 'reopened', incidentId: a.incidentId });
    expect((await types(a.incidentId!)).at(-1)).toBe('IncidentReopened');
  });

  it('refiring after the reopen window opens a new incident linked to the old one', async () => {
    const i = integration({ reopenWindowSeconds: 60 });
    const [a] = await pipeline.ingest(i, [alert()], delivery());
    await pipeline.ingest(i, [alert({ status: 'resolved' })], delivery(10));
    const [b] = await pipeline.ingest(i, [alert()], delivery(1000));
    expect(b.decision).toBe('opened');
    expect(b.incidentId).not.toBe(a.incidentId);
    const note = (await store.readStream(`incident-${b.incidentId}`)).find(
      (e) => e.type === 'NoteAdded',
    );
    expect(JSON.stringify(note?.data)).toContain(a.incidentId);
  });

  it('fifty identical deliveries at once open exactly one incident', async () => {
    const i = integration();
    const outcomes = (
      await Promise.all(Array.from({ length: 50 }, () => pipeline.ingest(i, [alert()], delivery())))
    ).flat();
    const ids = new Set(outcomes.map((o) => o.incidentId));
    expect(ids.size).toBe(1);
    expect(outcomes.filter((o) => o.decision === 'opened')).toHaveLength(1);
    const rows = await opened.database.query<{ n: string }>(
      `SELECT count(DISTINCT stream_id) AS n FROM events WHERE stream_id = $1`,
      [`incident-${[...ids][0]}`],
    );
    expect(Number(rows[0].n)).toBe(1);
    const declared = await opened.database.query<{ n: string }>(
      `SELECT count(*) AS n FROM events WHERE type = 'IncidentDeclared' AND data->>'reportedBy' = $1`,
      [`integration:${i.integrationId}`],
    );
    expect(Number(declared[0].n)).toBe(1);
  }, 60_000);
});
