import { randomUUID } from 'node:crypto';
import type { OpenedDatabase } from '@sitrep/platform';
import {
  eventStoreMigrations,
  PostgresEventStore,
  WrongExpectedVersionError,
} from '@sitrep/event-store';
import { openTestDatabase } from '@sitrep/testing';
import type { IntegrationSettings } from '../alert-pipeline.port';
import type { QueuedAlert } from '../normalized-alert';
import { AlertPipelineService } from './alert-pipeline.service';
import { alertStreamId } from '../alert-streams';
import { StreamSession, StreamStates } from './stream-session';
import { ingestBatch, ingestNow, type TestDelivery } from './testing/ingest-now';
import { anIntegration, aPlanInForce, aQueuedAlert } from './testing/alert-fixtures';

describe('the alert pipeline against the real event store', () => {
  let opened: OpenedDatabase;
  let store: PostgresEventStore;
  let pipeline: AlertPipelineService;
  /** What the processor remembers between batches. */
  let states: StreamStates;
  const plan = aPlanInForce([{ name: 'On-call', channel: 'sms', address: '+441234567890' }]);

  beforeAll(async () => {
    opened = await openTestDatabase(eventStoreMigrations, 20);
    store = new PostgresEventStore(opened.database);
    pipeline = new AlertPipelineService({ inForce: () => Promise.resolve(plan) });
    states = new StreamStates(10_000);
  });
  afterAll(() => opened.dataSource.destroy());

  const integration = anIntegration;
  const alert = aQueuedAlert;
  // Deliveries start now, so the reopen window compares them with the incidents' own times.
  const t0 = Date.now();
  const delivery = (offsetSeconds = 0): TestDelivery => ({
    deliveryId: randomUUID(),
    receivedAt: new Date(t0 + offsetSeconds * 1000),
  });
  const ingest = (i: IntegrationSettings, alerts: QueuedAlert[], d: TestDelivery) =>
    ingestNow(pipeline, store, opened.database, states, i, alerts, d);
  const types = async (streamId: string) => (await store.readStream(streamId)).map((e) => e.type);
  const incidentTypes = (incidentId: string) => types(`incident-${incidentId}`);

  it('a firing alert opens a declared incident and starts the notify step', async () => {
    const [outcome] = await ingest(integration(), [alert()], delivery());
    expect(outcome).toMatchObject({ decision: 'opened' });
    expect(await incidentTypes(outcome.incidentId!)).toEqual([
      'IncidentDeclared',
      'NotificationsRequested',
      'InvestigationTimeboxStarted',
    ]);
  });

  it('a repeat is deduplicated and counted; a changed payload is an update', async () => {
    const i = integration();
    const [first] = await ingest(i, [alert()], delivery());
    const [second] = await ingest(i, [alert()], delivery(10));
    const [third] = await ingest(i, [alert({ payloadHash: 'payload-2' })], delivery(20));
    expect(second).toMatchObject({ decision: 'deduplicated', incidentId: first.incidentId });
    expect(second.reason).toContain('2 deliveries');
    expect(third).toMatchObject({ decision: 'updated', incidentId: first.incidentId });
    expect(third.reason).toContain('(3 deliveries); payload changed');
  });

  it('a delivery processed again changes nothing', async () => {
    const i = integration();
    const d = delivery();
    const [first] = await ingest(i, [alert()], d);
    const stream = alertStreamId(i.integrationId, 'HighErrorRate');
    const before = await store.readStream(stream);
    const [again] = await ingest(i, [alert()], d);
    // Counted already: deduplicated onto its incident, with nothing appended.
    expect(again).toMatchObject({
      decision: 'deduplicated',
      incidentId: first.incidentId,
      reason: 'delivery already processed',
    });
    expect(await store.readStream(stream)).toEqual(before);
  });

  it('another alert of the service joins within the window; another service opens its own', async () => {
    const i = integration();
    const [a] = await ingest(i, [alert()], delivery());
    const [b] = await ingest(i, [alert({ dedupKey: 'Latency' })], delivery(60));
    const [c] = await ingest(i, [alert({ dedupKey: 'Disk', service: 'billing' })], delivery(60));
    const [d] = await ingest(i, [alert({ dedupKey: 'Late' })], delivery(400));
    expect(b).toMatchObject({ decision: 'joined', incidentId: a.incidentId });
    expect(b.reason).toContain('grouping');
    expect(c.decision).toBe('opened');
    expect(c.incidentId).not.toBe(a.incidentId);
    expect(d.decision).toBe('opened');
    expect(d.incidentId).not.toBe(a.incidentId);
  });

  it('when every alert resolved the incident is resolved; refiring within the window reopens it', async () => {
    const i = integration();
    const [a] = await ingest(i, [alert(), alert({ dedupKey: 'Latency' })], delivery());
    const [r1] = await ingest(i, [alert({ status: 'resolved' })], delivery(30));
    expect(r1.reason).toContain('still fire');
    expect(await incidentTypes(a.incidentId!)).not.toContain('IncidentResolved');
    await ingest(i, [alert({ dedupKey: 'Latency', status: 'resolved' })], delivery(40));
    expect(await incidentTypes(a.incidentId!)).toContain('IncidentResolved');
    const [again] = await ingest(i, [alert()], delivery(100));
    expect(again).toMatchObject({ decision: 'reopened', incidentId: a.incidentId });
    expect((await incidentTypes(a.incidentId!)).at(-1)).toBe('IncidentReopened');
  });

  it('refiring after the reopen window opens a new incident linked to the old one', async () => {
    const i = integration({ reopenWindowSeconds: 60 });
    const [a] = await ingest(i, [alert()], delivery());
    await ingest(i, [alert({ status: 'resolved' })], delivery(10));
    const [b] = await ingest(i, [alert()], delivery(1000));
    expect(b.decision).toBe('opened');
    expect(b.incidentId).not.toBe(a.incidentId);
    const note = (await store.readStream(`incident-${b.incidentId}`)).find(
      (e) => e.type === 'NoteAdded',
    );
    expect(JSON.stringify(note?.data)).toContain(a.incidentId);
  });

  it('fifty identical deliveries in one batch open exactly one incident, and their repeats are one event', async () => {
    const i = integration();
    const deliveries = Array.from({ length: 50 }, () => delivery());
    const outcomes = (
      await ingestBatch(
        pipeline,
        store,
        opened.database,
        states,
        deliveries.map((d) => ({ integration: i, alerts: [alert()], delivery: d })),
      )
    ).flat();
    const ids = new Set(outcomes.map((o) => o.incidentId));
    expect(ids.size).toBe(1);
    expect(outcomes.map((o) => o.decision)).toEqual([
      'opened',
      ...Array<string>(49).fill('deduplicated'),
    ]);
    expect(outcomes[49].reason).toContain('(50 deliveries)');
    const declared = await opened.database.query<{ n: string }>(
      `SELECT count(*) AS n FROM events WHERE type = 'IncidentDeclared' AND data->>'reportedBy' = $1`,
      [`integration:${i.integrationId}`],
    );
    expect(Number(declared[0].n)).toBe(1);
    const events = await store.readStream(alertStreamId(i.integrationId, 'HighErrorRate'));
    // The firing carries its attachment: decided together, appended as one event.
    expect(events.map((e) => e.type)).toEqual(['AlertFired', 'AlertRepeated']);
    expect(events[0].data.attachment).toEqual({
      incidentId: outcomes[0].incidentId,
      rule: 'opened',
      reason: outcomes[0].reason,
      attachedAt: deliveries[0].receivedAt.toISOString(),
    });
    expect(events[1].data).toMatchObject({
      count: 50,
      deliveryId: deliveries[49].deliveryId,
      deliveryIds: deliveries.slice(1).map((d) => d.deliveryId),
      payloadChanged: false,
    });
  }, 60_000);

  it('of two processors deciding the same new alert at once, one commits and the other must decide again', async () => {
    const i = integration();
    // Each with its own memory, as two processes would be: both see the alert as new.
    const mine = new StreamStates(100);
    const theirs = new StreamStates(100);
    const first = delivery();
    const second = delivery(1);
    // Both decide before either commits (as two processes racing would), then the first commits.
    const decide = async (states: StreamStates, d: ReturnType<typeof delivery>) => {
      const session = new StreamSession(store, states);
      const items = [{ integration: i, alerts: [alert()], delivery: d }];
      await pipeline.prepare(session, items);
      const outcomes = await pipeline.ingest(session, i, [alert()], d);
      const commit = async () => {
        await opened.database.transaction((tx) => store.appendBatch(session.appends(), tx));
        session.commit();
        return outcomes;
      };
      return commit;
    };
    const commitMine = await decide(mine, first);
    const commitTheirs = await decide(theirs, second);
    const [opening] = await commitMine();
    expect(opening.decision).toBe('opened');
    const lost = await commitTheirs().then(
      () => null,
      (error: unknown) => error,
    );
    expect(lost).toBeInstanceOf(WrongExpectedVersionError);

    // The loser's memory was not touched by its failed batch: deciding again, it reads the winner's.
    const [again] = await ingestNow(pipeline, store, opened.database, theirs, i, [alert()], second);
    expect(again).toMatchObject({ decision: 'deduplicated', incidentId: opening.incidentId });
    expect(await incidentTypes(opening.incidentId!)).toEqual([
      'IncidentDeclared',
      'NotificationsRequested',
      'InvestigationTimeboxStarted',
    ]);
    expect(await types(alertStreamId(i.integrationId, 'HighErrorRate'))).toEqual([
      'AlertFired',
      'AlertRepeated',
    ]);
  });
});
