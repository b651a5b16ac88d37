import { randomUUID } from 'node:crypto';
import type { EventBus } from '@nestjs/cqrs';
import { openDatabase, systemClock, type OpenedDatabase } from '@sitrep/platform';
import {
  eventStoreMigrations,
  LOG_START,
  PostgresCheckpointStore,
  PostgresEventStore,
  UpcasterRegistry,
} from '@sitrep/event-store';
import {
  GlobalLogSubscription,
  messagingMigrations,
  ProjectionMaintenance,
  type Projection,
} from '@sitrep/messaging';
import { timerMigrations } from '@sitrep/timers';
import {
  IncidentCommandRunner,
  IncidentListProjection,
  incidentMigrations,
  type PlanInForce,
} from '@sitrep/incident';
import { createTestDatabase, dropTestDatabase } from '@sitrep/testing';
import type { IntegrationSettings } from '../../alert-pipeline.port';
import { alertMigrations } from '../../alerts.wiring';
import type { NormalizedAlert } from '../../normalized-alert';
import { AlertPipelineService } from '../../pipeline/alert-pipeline.service';
import { GetIncidentAlertsHandler, GetIncidentAlertsQuery } from './get-incident-alerts.query';
import { IncidentAlertsProjection } from './incident-alerts.projection';

describe('the incident alerts read model, kept from the alert pipeline', () => {
  let url: string;
  let opened: OpenedDatabase;
  let store: PostgresEventStore;
  let checkpoints: PostgresCheckpointStore;
  let pipeline: AlertPipelineService;
  let handler: GetIncidentAlertsHandler;
  const projection = new IncidentAlertsProjection();
  const projections: Projection[] = [projection, new IncidentListProjection()];
  const plan: PlanInForce = {
    planId: 'default',
    version: 1,
    investigationMinutes: 30,
    huddleMinutes: 5,
    internalUpdateMinutes: 30,
    customerUpdateMinutes: 60,
    contacts: [],
  };

  // Its own database: verify replays the whole log and compares whole tables.
  beforeAll(async () => {
    url = await createTestDatabase('sitrep_alerts');
    opened = await openDatabase(url, 20, [
      ...eventStoreMigrations,
      ...messagingMigrations,
      ...timerMigrations,
      ...incidentMigrations,
      ...alertMigrations,
    ]);
    store = new PostgresEventStore(opened.database, new UpcasterRegistry());
    checkpoints = new PostgresCheckpointStore(opened.database);
    const eventBus = { publish: () => undefined } as unknown as EventBus;
    const incidents = new IncidentCommandRunner(store, systemClock, eventBus);
    pipeline = new AlertPipelineService(store, incidents, { inForce: () => Promise.resolve(plan) });
    handler = new GetIncidentAlertsHandler(opened.database);
  });

  afterAll(async () => {
    await opened.dataSource.destroy();
    await dropTestDatabase(url);
  });

  const project = async () => {
    for (const p of projections) {
      await new GlobalLogSubscription(p, opened.database, store, checkpoints).catchUp();
    }
  };
  const integration = (): IntegrationSettings => ({
    integrationId: randomUUID(),
    source: 'alertmanager',
    name: 'prod',
    openAs: 'declared',
    groupingWindowSeconds: 300,
    autoResolve: 'resolve',
    reopenWindowSeconds: 600,
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
  const t0 = Date.now();
  const delivery = (offsetSeconds = 0) => ({
    deliveryId: randomUUID(),
    receivedAt: new Date(t0 + offsetSeconds * 1000),
  });
  const explained = async (incidentId: string) =>
    (await handler.execute(new GetIncidentAlertsQuery(incidentId))).map((a) => ({
      dedupKey: a.dedupKey,
      decisions: a.decisions.map((d) => d.decision),
    }));

  it('explains every alert of an incident: opened, deduplicated, joined, resolved', async () => {
    const i = integration();
    const first = delivery();
    const [a] = await pipeline.ingest(i, [alert()], first);
    const repeat = delivery(10);
    await pipeline.ingest(i, [alert()], repeat);
    await pipeline.ingest(i, [alert({ dedupKey: 'Latency' })], delivery(20));
    await pipeline.ingest(i, [alert({ status: 'resolved' })], delivery(30));
    await pipeline.ingest(i, [alert({ dedupKey: 'Latency', status: 'resolved' })], delivery(40));
    await project();

    expect(await explained(a.incidentId!)).toEqual([
      { dedupKey: 'HighErrorRate', decisions: ['opened', 'deduplicated', 'resolved'] },
      { dedupKey: 'Latency', decisions: ['joined', 'resolved'] },
    ]);
    const [high, latency] = await handler.execute(new GetIncidentAlertsQuery(a.incidentId!));
    expect(high.integrationId).toBe(i.integrationId);
    expect(high.decisions.slice(0, 2)).toMatchObject([
      { rule: 'opened', deliveryId: first.deliveryId, episode: 1 },
      { count: 2, deliveryId: repeat.deliveryId, reason: expect.stringContaining('2 deliveries') },
    ]);
    expect(latency.decisions[0]).toMatchObject({
      rule: 'grouped',
      reason: expect.stringContaining('grouping'),
    });
  });

  it('a redelivered delivery or event changes nothing', async () => {
    const i = integration();
    const first = delivery();
    const [a] = await pipeline.ingest(i, [alert()], first);
    const repeat = delivery(5);
    await pipeline.ingest(i, [alert()], repeat);
    await project();
    const before = await explained(a.incidentId!);

    const [again] = await pipeline.ingest(i, [alert()], repeat);
    expect(again.reason).toBe('delivery already processed');
    const events = await store.readAll(LOG_START, 100_000);
    const tables = {
      incident_alerts: 'incident_alerts_v1',
      incident_alert_cursors: 'incident_alert_cursors_v1',
    };
    const mine = events.filter((e) => projection.handles(e));
    await opened.database.transaction((tx) => projection.applyBatch(tx, mine, tables));
    await project();

    expect(await explained(a.incidentId!)).toEqual(before);
    expect(before).toEqual([{ dedupKey: 'HighErrorRate', decisions: ['opened', 'deduplicated'] }]);
  });

  it('deliveries counted before the incident was decided are shown under it', async () => {
    const i = integration();
    const outcomes = (
      await Promise.all(Array.from({ length: 10 }, () => pipeline.ingest(i, [alert()], delivery())))
    ).flat();
    await project();
    const incidentId = outcomes.find((o) => o.decision === 'opened')!.incidentId!;
    const [only, ...none] = await handler.execute(new GetIncidentAlertsQuery(incidentId));
    expect(none).toEqual([]);
    expect(only.decisions.map((d) => d.decision).sort()).toEqual(
      ['opened', ...Array<string>(9).fill('deduplicated')].sort(),
    );
    expect(only.decisions[0].decision).toBe('opened');
  }, 30_000);

  it('refiring within the reopen window is explained as reopened', async () => {
    const i = integration();
    const [a] = await pipeline.ingest(i, [alert()], delivery());
    await pipeline.ingest(i, [alert({ status: 'resolved' })], delivery(10));
    await pipeline.ingest(i, [alert()], delivery(60));
    await project();
    const [high] = await handler.execute(new GetIncidentAlertsQuery(a.incidentId!));
    expect(high.decisions.map((d) => [d.episode, d.decision])).toEqual([
      [1, 'opened'],
      [1, 'resolved'],
      [2, 'reopened'],
    ]);
  });

  it('an unknown incident is INCIDENT.NOT_FOUND', async () => {
    await expect(handler.execute(new GetIncidentAlertsQuery(randomUUID()))).rejects.toMatchObject({
      code: 'INCIDENT.NOT_FOUND',
    });
  });

  it('a replay from the event store matches the live rows', async () => {
    await project();
    const reports = await new ProjectionMaintenance(opened.database, store, checkpoints).verify(
      projection,
    );
    expect(reports.map((r) => [r.table, r.differingRows])).toEqual([
      ['incident_alerts', 0],
      ['incident_alert_cursors', 0],
    ]);
  });
});
