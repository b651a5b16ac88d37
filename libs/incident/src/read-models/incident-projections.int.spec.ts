import { randomUUID } from 'node:crypto';
import { openDatabase, type OpenedDatabase } from '@sitrep/platform';
import {
  eventStoreMigrations,
  LOG_START,
  PostgresCheckpointStore,
  PostgresEventStore,
  UpcasterRegistry,
  type RecordedEvent,
} from '@sitrep/event-store';
import {
  GlobalLogSubscription,
  readModelCatalogMigrations,
  ReadModelCatalog,
  type Projection,
} from '@sitrep/messaging';
import { createTestDatabase, dropTestDatabase } from '@sitrep/testing';
import { incidentStreamId } from '../application/shared/incident-stream';
import { incidentMigrations, incidentProjections } from '../incident.wiring';

describe('incident read models kept from the event store', () => {
  let opened: OpenedDatabase;
  let store: PostgresEventStore;
  let checkpoints: PostgresCheckpointStore;
  const projections: Projection[] = incidentProjections.map((P) => new P());
  const catalog = new ReadModelCatalog();

  let url: string;

  // Its own database: the rebuild truncates the read-model tables, which other suites read.
  beforeAll(async () => {
    url = await createTestDatabase('sitrep_projections');
    opened = await openDatabase(url, 5, [
      ...eventStoreMigrations,
      ...readModelCatalogMigrations,
      ...incidentMigrations,
    ]);
    store = new PostgresEventStore(opened.database, new UpcasterRegistry());
    checkpoints = new PostgresCheckpointStore(opened.database);
  });

  afterAll(async () => {
    await opened.dataSource.destroy();
    await dropTestDatabase(url);
  });

  async function anIncidentStory(): Promise<{ incidentId: string; events: RecordedEvent[] }> {
    const incidentId = randomUUID();
    const stream = incidentStreamId(incidentId);
    const at = (m: number) => new Date(Date.UTC(2026, 10, 27, 9, m)).toISOString();
    const data = [
      {
        type: 'IncidentDeclared',
        data: {
          incidentId,
          title: 'DB down',
          severity: 'SEV1',
          services: ['db'],
          reportedBy: 'ann',
          declaredAt: at(0),
        },
      },
      {
        type: 'IncidentAcknowledged',
        data: { incidentId, acknowledgedBy: 'bob', acknowledgedAt: at(3) },
      },
      {
        type: 'IncidentResolved',
        data: { incidentId, resolutionSummary: 'failover', resolvedBy: 'bob', resolvedAt: at(40) },
      },
    ];
    await store.append(
      stream,
      data.map((e) => ({ eventId: randomUUID(), ...e })),
      'no-stream',
    );
    return { incidentId, events: await store.readStream(stream) };
  }

  async function rowsOf(incidentId: string) {
    const list = await opened.database.query(
      'SELECT * FROM incident_list_v1 WHERE incident_id = $1',
      [incidentId],
    );
    const detail = await opened.database.query<{ document: unknown }>(
      'SELECT * FROM incident_detail_v1 WHERE incident_id = $1',
      [incidentId],
    );
    const timeline = await opened.database.query<{ kind: string }>(
      'SELECT * FROM incident_timeline_v1 WHERE incident_id = $1 ORDER BY position',
      [incidentId],
    );
    return { list, detail, timeline };
  }

  async function applyAll(events: RecordedEvent[]): Promise<void> {
    await opened.database.transaction(async (tx) => {
      for (const p of projections) await p.applyBatch(tx, events, await catalog.tablesFor(tx, p));
    });
  }

  it('builds the list, detail and timeline rows for a whole incident', async () => {
    const { incidentId, events } = await anIncidentStory();
    await applyAll(events);
    const rows = await rowsOf(incidentId);
    expect(rows.list[0]).toMatchObject({
      status: 'resolved',
      acknowledged: true,
      severity: 'SEV1',
      last_position: '3',
    });
    expect(rows.detail[0].document).toMatchObject({
      status: 'resolved',
      acknowledgement: { by: 'bob' },
      version: 3,
    });
    expect(rows.timeline.map((r) => r.kind)).toEqual([
      'declaration',
      'acknowledgement',
      'resolution',
    ]);
  });

  it('a redelivered event changes nothing, even out of order', async () => {
    const { incidentId, events } = await anIncidentStory();
    await applyAll(events);
    const before = await rowsOf(incidentId);
    await applyAll(events);
    await applyAll([events[0], events[1]]);
    expect(await rowsOf(incidentId)).toEqual(before);
  });

  it('a rebuild from the event store gives rows identical to the live ones', async () => {
    const stories = [await anIncidentStory(), await anIncidentStory()];
    // An event of an incident type in another stream category is not the incident projections' to read.
    await store.append(
      `audit-${randomUUID()}`,
      [{ eventId: randomUUID(), type: 'IncidentDeclared', data: { note: 'x' } }],
      'any',
    );
    const subscriptions = projections.map(
      (p) => new GlobalLogSubscription(p, opened.database, store, checkpoints),
    );
    for (const s of subscriptions) await s.catchUp();
    const live = await Promise.all(stories.map((s) => rowsOf(s.incidentId)));
    expect(live.every((r) => r.list.length === 1 && r.timeline.length === 3)).toBe(true);

    await opened.database.transaction(async (tx) => {
      await tx.query('TRUNCATE incident_list_v1, incident_detail_v1, incident_timeline_v1');
      for (const s of subscriptions) {
        const at = await checkpoints.read(s.checkpointName);
        expect(await checkpoints.compareAndSet(s.checkpointName, at, LOG_START, tx)).toBe(true);
      }
    });
    for (const s of subscriptions) await s.catchUp();
    const rebuilt = await Promise.all(stories.map((s) => rowsOf(s.incidentId)));
    expect(rebuilt).toEqual(live);
  });
});
