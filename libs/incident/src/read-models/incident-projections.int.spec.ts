import { randomUUID } from 'node:crypto';
import { openDatabase, type OpenedDatabase } from '@sitrep/platform';
import {
  eventStoreMigrations,
  PostgresCheckpointStore,
  PostgresEventStore,
  UpcasterRegistry,
  type RecordedEvent,
} from '@sitrep/event-store';
import {
  GlobalLogSubscription,
  ProjectionMaintenance,
  readModelCatalogMigrations,
  ReadModelCatalog,
  type Projection,
} from '@sitrep/messaging';
import { createTestDatabase, dropTestDatabase } from '@sitrep/testing';
import { incidentStreamId } from '../incident-stream';
import { incidentMigrations, incidentProjections } from '../incident.wiring';
import { ManualClock } from '@sitrep/platform';
import { GetBoardHandler, GetBoardQuery } from './incident-board/get-board.query';
import { workedStory } from './standing-process.story.fixtures';

describe('incident read models kept from the event store', () => {
  let opened: OpenedDatabase;
  let store: PostgresEventStore;
  let checkpoints: PostgresCheckpointStore;
  const projections: Projection[] = incidentProjections.map((P) => new P());
  const catalog = new ReadModelCatalog();
  let maintenance: ProjectionMaintenance;
  const subscriptions = () =>
    projections.map((p) => new GlobalLogSubscription(p, opened.database, store, checkpoints));

  /**
   * Catches the subscriptions up until `incidentId` has its rows. The global log is read only below
   * the oldest transaction still open on the server, and other suites share the server.
   */
  async function projectUntilVisible(incidentId: string): Promise<void> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      for (const s of subscriptions()) await s.catchUp();
      const rows = await rowsOf(incidentId);
      if (rows.timeline.length === 3 && rows.list.length === 1 && rows.detail.length === 1) return;
      if (Date.now() > deadline)
        throw new Error(`incident ${incidentId} was not projected in time`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

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
    maintenance = new ProjectionMaintenance(opened.database, store, checkpoints);
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
    const list = await opened.database.query('SELECT * FROM incident_list WHERE incident_id = $1', [
      incidentId,
    ]);
    const detail = await opened.database.query<{ document: unknown }>(
      'SELECT * FROM incident_detail WHERE incident_id = $1',
      [incidentId],
    );
    const timeline = await opened.database.query<{ kind: string }>(
      'SELECT * FROM incident_timeline WHERE incident_id = $1 ORDER BY position',
      [incidentId],
    );
    const board = await opened.database.query(
      'SELECT * FROM incident_board WHERE incident_id = $1',
      [incidentId],
    );
    return { list, detail, timeline, board };
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

  it('a rebuild into fresh versioned tables gives rows identical to the live ones, then serves them', async () => {
    const stories = [await anIncidentStory(), await anIncidentStory()];
    // An event of an incident type in another stream category is not the incident projections' to read.
    await store.append(
      `audit-${randomUUID()}`,
      [{ eventId: randomUUID(), type: 'IncidentDeclared', data: { note: 'x' } }],
      'any',
    );
    for (const story of stories) await projectUntilVisible(story.incidentId);
    const live = await Promise.all(stories.map((s) => rowsOf(s.incidentId)));
    expect(live.every((r) => r.list.length === 1 && r.timeline.length === 3)).toBe(true);

    for (const p of projections) {
      const before = await opened.database.transaction((tx) => catalog.tablesFor(tx, p));
      const report = await maintenance.rebuild(p);
      expect(report.events).toBeGreaterThanOrEqual(6);
      const after = await opened.database.transaction((tx) => catalog.tablesFor(tx, p));
      expect(Object.values(after)).not.toEqual(Object.values(before));
    }
    const rebuilt = await Promise.all(stories.map((s) => rowsOf(s.incidentId)));
    expect(rebuilt).toEqual(live);

    const later = await anIncidentStory();
    await projectUntilVisible(later.incidentId);
    expect((await rowsOf(later.incidentId)).timeline).toHaveLength(3);
  });

  it('verify finds nothing after normal operation, and names a row someone changed by hand', async () => {
    await projectUntilVisible((await anIncidentStory()).incidentId);
    for (const p of projections) {
      expect((await maintenance.verify(p)).map((r) => r.differingRows)).toEqual([0]);
    }
    const list = projections.find((p) => p.name === 'incident-list')!;
    await opened.database.query(
      `UPDATE incident_list SET title = 'tampered' WHERE incident_id = (SELECT incident_id FROM incident_list LIMIT 1)`,
    );
    const [report] = await maintenance.verify(list);
    expect(report.differingRows).toBe(2);
    expect(JSON.stringify(report.sample)).toContain('tampered');
  });

  it('a whole standing-process story: board and detail rows, rebuilt and verified identical', async () => {
    const incidentId = randomUUID();
    const events = workedStory.map((e) => ({
      eventId: randomUUID(),
      type: e.type,
      data: { ...e.data, incidentId } as Record<string, unknown>,
    }));
    await store.append(incidentStreamId(incidentId), events, 'no-stream');
    for (;;) {
      for (const s of subscriptions()) await s.catchUp();
      if ((await rowsOf(incidentId)).timeline.length === events.length) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const live = await rowsOf(incidentId);
    expect(live.board[0]).toMatchObject({
      status: 'investigating',
      commander: 'bob',
      huddle_due_at: new Date('2024-05-01T09:45:00.000Z'),
      next_update_due_at: new Date('2024-05-01T10:02:00.000Z'),
      earliest_action_due_at: new Date('2024-05-01T10:30:00.000Z'),
      open_actions: 1,
      last_position: String(events.length),
    });
    expect(live.detail[0].document).toMatchObject({
      decisions: { current: [{ decisionId: 'decision-2' }] },
      nextDue: { kind: 'huddle-due', round: 2 },
    });
    const clock = new ManualClock(new Date('2024-05-01T09:44:00.000Z'));
    const board = new GetBoardHandler(opened.database, clock);
    const flagsOf = async () => {
      const { items } = await board.execute(new GetBoardQuery(false, 500));
      const item = items.find((i) => i.incidentId === incidentId)!;
      return [item.huddleDue, item.huddleOverdue, item.updateOverdue, item.actionsOverdue];
    };
    expect(await flagsOf()).toEqual([false, false, false, false]);
    clock.set(new Date('2024-05-01T09:56:00.000Z'));
    expect(await flagsOf()).toEqual([true, true, false, false]);
    clock.set(new Date('2024-05-01T10:31:00.000Z'));
    expect(await flagsOf()).toEqual([true, true, true, true]);

    for (const p of projections) await maintenance.rebuild(p);
    expect(await rowsOf(incidentId)).toEqual(live);
    for (const p of projections) {
      expect((await maintenance.verify(p)).map((r) => r.differingRows)).toEqual([0]);
    }
  });
});
