import { randomUUID } from 'node:crypto';
import { openDatabase, type OpenedDatabase } from '@sitrep/platform';
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
import { IncidentListProjection, incidentMigrations } from '@sitrep/incident';
import { createTestDatabase, dropTestDatabase } from '@sitrep/testing';
import type { IntegrationSettings } from '../../alert-pipeline.port';
import { alertMigrations } from '../../alerts.wiring';
import type { QueuedAlert } from '../../normalized-alert';
import { AlertPipelineService } from '../../pipeline/alert-pipeline.service';
import { alertStreamId } from '../../alert-streams';
import { StreamStates } from '../../pipeline/stream-session';
import { ingestBatch, ingestNow, type TestDelivery } from '../../pipeline/testing/ingest-now';
import { GetIncidentAlertsHandler, GetIncidentAlertsQuery } from './get-incident-alerts.query';
import { IncidentAlertsProjection } from './incident-alerts.projection';
import { anIntegration, aPlanInForce, aQueuedAlert } from '../../pipeline/testing/alert-fixtures';

describe('the incident alerts read model, kept from the alert pipeline', () => {
  let url: string;
  let opened: OpenedDatabase;
  let store: PostgresEventStore;
  let checkpoints: PostgresCheckpointStore;
  let pipeline: AlertPipelineService;
  let states: StreamStates;
  let handler: GetIncidentAlertsHandler;
  const projection = new IncidentAlertsProjection();
  const projections: Projection[] = [projection, new IncidentListProjection()];
  const plan = aPlanInForce();

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
    pipeline = new AlertPipelineService({ inForce: () => Promise.resolve(plan) });
    states = new StreamStates(10_000);
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
  const integration = () => anIntegration();
  const alert = aQueuedAlert;
  const t0 = Date.now();
  const delivery = (offsetSeconds = 0): TestDelivery => ({
    deliveryId: randomUUID(),
    receivedAt: new Date(t0 + offsetSeconds * 1000),
  });
  const ingest = (i: IntegrationSettings, alerts: QueuedAlert[], d: TestDelivery) =>
    ingestNow(pipeline, store, opened.database, states, i, alerts, d);
  const explained = async (incidentId: string) =>
    (await handler.execute(new GetIncidentAlertsQuery(incidentId))).map((a) => ({
      dedupKey: a.dedupKey,
      decisions: a.decisions.map((d) => d.decision),
    }));

  it('explains every alert of an incident: opened, deduplicated, joined, resolved', async () => {
    const i = integration();
    const first = delivery();
    const [a] = await ingest(i, [alert()], first);
    const repeat = delivery(10);
    await ingest(i, [alert()], repeat);
    await ingest(i, [alert({ dedupKey: 'Latency' })], delivery(20));
    await ingest(i, [alert({ status: 'resolved' })], delivery(30));
    await ingest(i, [alert({ dedupKey: 'Latency', status: 'resolved' })], delivery(40));
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
    const [a] = await ingest(i, [alert()], first);
    const repeat = delivery(5);
    await ingest(i, [alert()], repeat);
    await project();
    const before = await explained(a.incidentId!);

    const [again] = await ingest(i, [alert()], repeat);
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

  it('deliveries processed together are shown under the incident they opened', async () => {
    const i = integration();
    const deliveries = Array.from({ length: 10 }, () => delivery());
    const outcomes = (
      await ingestBatch(
        pipeline,
        store,
        opened.database,
        states,
        deliveries.map((d) => ({ integration: i, alerts: [alert()], delivery: d })),
      )
    ).flat();
    await project();
    const incidentId = outcomes.find((o) => o.decision === 'opened')!.incidentId!;
    const [only, ...none] = await handler.execute(new GetIncidentAlertsQuery(incidentId));
    expect(none).toEqual([]);
    // The nine repeats of one batch are one event, hence one row that counts all ten deliveries.
    expect(only.decisions).toMatchObject([
      { decision: 'opened', deliveryId: deliveries[0].deliveryId },
      {
        decision: 'deduplicated',
        count: 10,
        deliveryId: deliveries[9].deliveryId,
        reason: expect.stringContaining('(10 deliveries, 9 of them recorded together)'),
      },
    ]);
    expect(only.decisions).toHaveLength(2);
  }, 30_000);

  it('repeats recorded before the incident was decided (an older log) are shown under it', async () => {
    const i = integration();
    const [a] = await ingest(i, [alert()], delivery());
    // Before the processor, a repeat could be appended before the attach, and projected apart.
    const streamId = alertStreamId(i.integrationId, 'Older');
    const key = { integrationId: i.integrationId, dedupKey: 'Older' };
    const at = new Date(t0).toISOString();
    const event = (type: string, data: Record<string, unknown>) => ({
      eventId: randomUUID(),
      type,
      data: { ...key, ...data },
    });
    await store.append(
      streamId,
      [
        event('AlertFired', {
          episode: 1,
          severity: 'SEV3',
          summary: 'Older alert',
          service: 'checkout',
          labels: {},
          startedAt: at,
          deliveryId: randomUUID(),
          payloadHash: 'payload-1',
          receivedAt: at,
        }),
        event('AlertRepeated', {
          incidentId: null,
          count: 2,
          payloadChanged: false,
          payloadHash: 'payload-1',
          deliveryId: randomUUID(),
          receivedAt: at,
        }),
      ],
      'no-stream',
    );
    await project();
    await store.append(
      streamId,
      [
        event('AlertAttachedToIncident', {
          episode: 1,
          incidentId: a.incidentId,
          rule: 'grouped',
          reason: 'grouping: same service',
          deliveryId: randomUUID(),
          attachedAt: at,
        }),
      ],
      2,
    );
    await project();
    expect(await explained(a.incidentId!)).toEqual([
      { dedupKey: 'HighErrorRate', decisions: ['opened'] },
      { dedupKey: 'Older', decisions: ['joined', 'deduplicated'] },
    ]);
  });

  it('refiring within the reopen window is explained as reopened', async () => {
    const i = integration();
    const [a] = await ingest(i, [alert()], delivery());
    await ingest(i, [alert({ status: 'resolved' })], delivery(10));
    await ingest(i, [alert()], delivery(60));
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
