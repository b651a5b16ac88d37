import { randomUUID } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { CLOCK, DATABASE, ManualClock, openDatabase, type OpenedDatabase } from '@sitrep/platform';
import {
  EVENT_STORE,
  eventStoreMigrations,
  PostgresCheckpointStore,
  PostgresEventStore,
  UpcasterRegistry,
} from '@sitrep/event-store';
import {
  GlobalLogSubscription,
  CommandRunner,
  messagingMigrations,
  ProjectionMaintenance,
} from '@sitrep/messaging';
import { timerMigrations } from '@sitrep/timers';
import { createTestDatabase, dropTestDatabase } from '@sitrep/testing';
import type { IncidentCommand } from '../domain';
import { incidentStreams } from '../application/shared/incident.stream-kind';
import { incidentStreamId } from '../incident-stream';
import { incidentMigrations } from '../incident.wiring';
import { TimelineProjection } from '../read-models/timeline/timeline.projection';
import { IncidentTimersDispatcher, IncidentTimersModule } from './incident-timers.module';
import { ScheduleIncidentTimersReactor } from './schedule-incident-timers.reactor';

const minutes = (n: number) => n * 60_000;
const plan = {
  planId: 'standard',
  version: 1,
  investigationMinutes: 30,
  huddleMinutes: 5,
  internalUpdateMinutes: 30,
  customerUpdateMinutes: 60,
  contacts: [{ name: 'On-call SRE', channel: 'sms', address: '+441234567890' }],
};

describe('incident timers: projected from the events, fired by the clock', () => {
  let url: string;
  let opened: OpenedDatabase;
  let store: PostgresEventStore;
  let checkpoints: PostgresCheckpointStore;
  let clock: ManualClock;
  const reactor = new ScheduleIncidentTimersReactor();
  const apps: TestingModule[] = [];

  // Its own database: advancing the clock fires every due timer in the `timers` table.
  beforeAll(async () => {
    url = await createTestDatabase('sitrep_timers');
    opened = await openDatabase(url, 10, [
      ...eventStoreMigrations,
      ...messagingMigrations,
      ...timerMigrations,
      ...incidentMigrations,
    ]);
    store = new PostgresEventStore(opened.database, new UpcasterRegistry());
    checkpoints = new PostgresCheckpointStore(opened.database);
  });

  afterEach(async () => {
    while (apps.length > 0) await apps.pop()!.close();
  });

  afterAll(async () => {
    await opened.dataSource.destroy();
    await dropTestDatabase(url);
  });

  /** A process that runs the timers: what the worker or the all-in-one app imports. */
  async function startProcess(): Promise<IncidentTimersDispatcher> {
    const infrastructure: DynamicModule = {
      module: class TestInfrastructure {},
      global: true,
      providers: [
        { provide: DATABASE, useValue: opened.database },
        { provide: EVENT_STORE, useValue: store },
        { provide: CLOCK, useValue: clock },
      ],
      exports: [DATABASE, EVENT_STORE, CLOCK],
    };
    @Module({ imports: [infrastructure, IncidentTimersModule] })
    class TimersProcess {}
    const app = await Test.createTestingModule({ imports: [TimersProcess] }).compile();
    await app.init();
    apps.push(app);
    return app.get(IncidentTimersDispatcher);
  }

  async function project(): Promise<void> {
    for (const p of [reactor, new TimelineProjection()]) {
      await new GlobalLogSubscription(p, opened.database, store, checkpoints).catchUp();
    }
  }

  async function run(incidentId: string, command: (now: string) => IncidentCommand) {
    return apps[0].get(CommandRunner).run(incidentStreams, incidentId, command, { actor: 'ann' });
  }

  async function declared(): Promise<string> {
    const incidentId = randomUUID();
    await run(incidentId, (now) => ({
      type: 'DeclareIncident',
      data: {
        incidentId,
        title: 'Payments failing',
        severity: 'SEV1',
        services: ['payments'],
        reportedBy: 'ann',
        declaredAt: now,
        plan,
      },
    }));
    await project();
    return incidentId;
  }

  const typesOf = async (incidentId: string) =>
    (await store.readStream(incidentStreamId(incidentId))).map((e) => e.type);
  const count = async (incidentId: string, type: string) =>
    (await typesOf(incidentId)).filter((t) => t === type).length;

  async function timersOf(incidentId: string) {
    return opened.database.query<{ key: string; state: string; due_at: Date }>(
      `SELECT key, state, due_at FROM timers WHERE key LIKE '%:' || $1 || ':%' ORDER BY key`,
      [incidentId],
    );
  }

  async function until(condition: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Each process also ticks on its own loop: a timer it holds the lease of fires there. */
  const recorded = (incidentId: string, type: string) =>
    until(async () => (await count(incidentId, type)) > 0);

  beforeEach(() => {
    clock = new ManualClock(new Date('2026-11-27T09:00:00.000Z'));
  });

  it('thirty minutes after declaration the huddle is due: in the stream and on the timeline', async () => {
    const dispatcher = await startProcess();
    const incidentId = await declared();
    expect(
      (await timersOf(incidentId)).map((t) => [t.key, t.state, t.due_at.toISOString()]),
    ).toEqual([
      [`huddle-due:${incidentId}:1`, 'scheduled', '2026-11-27T09:30:00.000Z'],
      [`huddle-overdue:${incidentId}:1`, 'scheduled', '2026-11-27T09:35:00.000Z'],
      [`update-due:${incidentId}:1`, 'scheduled', '2026-11-27T09:30:00.000Z'],
    ]);

    clock.advance(minutes(29));
    await dispatcher.tick();
    expect(await count(incidentId, 'HuddleDue')).toBe(0);

    clock.advance(minutes(1));
    await dispatcher.tick();
    await recorded(incidentId, 'HuddleDue');
    await dispatcher.tick();
    const [due] = (await store.readStream(incidentStreamId(incidentId))).filter(
      (e) => e.type === 'HuddleDue',
    );
    expect(due.data).toEqual({
      incidentId,
      round: 1,
      dueAt: '2026-11-27T09:30:00.000Z',
      markedAt: '2026-11-27T09:30:00.000Z',
    });
    expect(due.metadata).toMatchObject({ actor: 'sitrep-timers', source: 'timer' });
    expect(await count(incidentId, 'HuddleDue')).toBe(1);

    await project();
    const huddles = await opened.database.query<{ summary: string; actor: string }>(
      `SELECT summary, actor FROM incident_timeline WHERE incident_id = $1 AND kind = 'huddle'`,
      [incidentId],
    );
    expect(huddles).toEqual([{ summary: 'Huddle due', actor: 'sitrep' }]);
  });

  it('restarted before the timer fires, the process still fires it once, however many run', async () => {
    await startProcess();
    const incidentId = await declared();
    await apps.pop()!.close();

    clock.advance(minutes(31));
    // A timer leased by one process is skipped by the others.
    const [one, two] = [await startProcess(), await startProcess()];
    await Promise.all([one.tick(), two.tick(), one.tick()]);
    await recorded(incidentId, 'HuddleDue');
    await Promise.all([one.tick(), two.tick()]);
    expect(await count(incidentId, 'HuddleDue')).toBe(1);

    await project();
    clock.advance(minutes(5));
    await Promise.all([one.tick(), two.tick()]);
    await recorded(incidentId, 'HuddleOverdue');
    await Promise.all([one.tick(), two.tick()]);
    expect(await typesOf(incidentId)).toEqual([
      'IncidentDeclared',
      'NotificationsRequested',
      'InvestigationTimeboxStarted',
      'HuddleDue',
      'HuddleOverdue',
    ]);
  });

  it('a huddle held in time cancels its overdue timer', async () => {
    const dispatcher = await startProcess();
    const incidentId = await declared();
    clock.advance(minutes(30));
    await dispatcher.tick();
    await recorded(incidentId, 'HuddleDue');
    await run(incidentId, (now) => ({
      type: 'RecordHuddle',
      data: {
        incidentId,
        huddleId: 'h1',
        startedAt: now,
        endedAt: now,
        attendees: ['ann'],
        summary: 'Roll back',
        recordedBy: 'ann',
      },
    }));
    await project();
    expect((await timersOf(incidentId)).map((t) => [t.key.split(':')[0], t.state])).toEqual([
      ['huddle-due', 'fired'],
      ['huddle-overdue', 'cancelled'],
      ['update-due', 'scheduled'],
    ]);
    clock.advance(minutes(10));
    await dispatcher.tick();
    expect(await count(incidentId, 'HuddleOverdue')).toBe(0);
  });

  it('a timer the domain finds early is kept, with its error, and retried later', async () => {
    const dispatcher = await startProcess();
    const incidentId = await declared();
    // As if the timer had been set by a clock running ahead of the one that fires it.
    await opened.database.query(
      `UPDATE timers SET due_at = due_at - interval '10 minutes' WHERE key = $1`,
      [`huddle-due:${incidentId}:1`],
    );
    clock.advance(minutes(25));
    await dispatcher.tick();
    const [row] = await opened.database.query<{ state: string; last_error: string }>(
      `SELECT state, last_error FROM timers WHERE key = $1`,
      [`huddle-due:${incidentId}:1`],
    );
    expect(row.state).toBe('scheduled');
    expect(row.last_error).toContain('is not over before');
    expect(await count(incidentId, 'HuddleDue')).toBe(0);
    clock.advance(minutes(5));
    await dispatcher.tick();
    await recorded(incidentId, 'HuddleDue');
    expect(await count(incidentId, 'HuddleDue')).toBe(1);
  });

  it('rebuilding the reactor from the event store changes no timer and no schedule row', async () => {
    const dispatcher = await startProcess();
    const incidentId = await declared();
    clock.advance(minutes(30));
    await dispatcher.tick();
    await recorded(incidentId, 'HuddleDue');
    await project();
    const all = () =>
      opened.database.query(`SELECT key, kind, due_at, state, payload FROM timers ORDER BY key`);
    const before = await all();
    const maintenance = new ProjectionMaintenance(opened.database, store, checkpoints);
    await maintenance.rebuild(reactor);
    expect(await all()).toEqual(before);
    expect((await maintenance.verify(reactor)).map((r) => r.differingRows)).toEqual([0]);
    expect(await all()).toEqual(before);
    expect((await timersOf(incidentId)).map((t) => t.state)).toEqual([
      'fired',
      'scheduled',
      'scheduled',
    ]);
  });
});
