import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Database } from '@sitrep/platform';
import { GetTimelineHandler, GetTimelineQuery } from './get-timeline.query';
import { TimelineRequest } from './timeline.request.dto';
import {
  mergeTimeline,
  TimelineContributions,
  type TimelineContribution,
} from './timeline-contributions';
import { allTimelineKinds, timelineKinds, type TimelineEntry } from './timeline.entry';
import { timelineTable } from './timeline.table';

const incidentId = '6f1c2c1e-0b7a-4c55-9d6e-2f3a4b5c6d7e';

const entry = (
  eventId: string,
  occurredAt: string,
  over: Partial<TimelineEntry> = {},
): TimelineEntry => ({
  incidentId,
  position: 1,
  eventId,
  type: 'NoteAdded',
  kind: 'note',
  occurredAt,
  recordedAt: occurredAt,
  actor: 'alice',
  summary: eventId,
  details: {},
  ...over,
});

const alert = (eventId: string, occurredAt: string, position: number): TimelineEntry =>
  entry(eventId, occurredAt, { kind: 'alert', type: 'AlertJoined', position });

const ids = (entries: TimelineEntry[]) => entries.map((e) => e.eventId);

const contribution = (entries: TimelineEntry[]): TimelineContribution => ({
  entriesFor: (id) => Promise.resolve(entries.filter((e) => e.incidentId === id)),
});

describe('timeline contributions', () => {
  it('the registry returns the entries of every contribution added, each added once', async () => {
    const contributions = new TimelineContributions();
    expect(await contributions.entriesFor(incidentId)).toEqual([]);
    const a = contribution([alert('a', '2026-01-01T10:00:00.000Z', 2)]);
    const b = contribution([alert('b', '2026-01-01T09:00:00.000Z', 3)]);
    contributions.add(a);
    contributions.add(b);
    contributions.add(a);
    expect(ids(await contributions.entriesFor(incidentId))).toEqual(['a', 'b']);
    expect(await contributions.entriesFor('another-incident')).toEqual([]);
  });

  it('merges by time, keeps the own order, puts own entries first at equal times', () => {
    const own = [
      entry('declared', '2026-01-01T10:00:00.000Z', { position: 1 }),
      entry('notify', '2026-01-01T10:00:00.000Z', { position: 2 }),
      entry('note', '2026-01-01T10:05:00.000Z', { position: 3 }),
    ];
    // At equal times the contribution's order stands (positions of other streams say nothing).
    const contributed = [
      alert('resolved', '2026-01-01T10:30:00.000Z', 4),
      alert('opened', '2026-01-01T10:00:00.000Z', 2),
      alert('joined', '2026-01-01T10:00:00.000Z', 1),
      alert('earlier', '2026-01-01T09:59:59.999Z', 9),
      alert('repeat', '2026-01-01T10:05:00.000Z', 3),
    ];
    expect(ids(mergeTimeline(own, contributed))).toEqual([
      'earlier',
      'declared',
      'notify',
      'opened',
      'joined',
      'note',
      'repeat',
      'resolved',
    ]);
    expect(ids(mergeTimeline(own, []))).toEqual(['declared', 'notify', 'note']);
    expect(ids(mergeTimeline([], contributed.slice(0, 2)))).toEqual(['opened', 'resolved']);
  });

  it('the kind filter accepts alert too, and the incident kinds are unchanged', () => {
    const errorsOf = (query: Record<string, unknown>) =>
      validateSync(plainToInstance(TimelineRequest, query)).map((e) => e.property);
    expect(errorsOf({ kind: 'alert' })).toEqual([]);
    expect(errorsOf({ kind: 'alert,decision' })).toEqual([]);
    expect(errorsOf({ kind: allTimelineKinds.join(',') })).toEqual([]);
    expect(errorsOf({ kind: 'alerts' })).toEqual(['kind']);
    expect(allTimelineKinds).toEqual([...timelineKinds, 'alert']);
    expect(timelineKinds).not.toContain('alert');
  });
});

describe('the timeline query with contributions', () => {
  const ownRecord = (eventId: string, at: string, position: number, kind = 'declaration') => ({
    incident_id: incidentId,
    position: String(position),
    event_id: eventId,
    type: 'IncidentDeclared',
    kind,
    occurred_at: new Date(at),
    recorded_at: new Date(at),
    actor: 'alice',
    summary: eventId,
    details: {},
  });

  const setUp = (records: ReturnType<typeof ownRecord>[], exists = true) => {
    const asked: string[] = [];
    const db = {
      query: (sql: string) =>
        Promise.resolve(
          sql.includes(`FROM ${timelineTable.name}`) ? records : exists ? [{ '?column?': 1 }] : [],
        ),
    } as unknown as Database;
    const contributions = new TimelineContributions();
    contributions.add({
      entriesFor: (id) => {
        asked.push(id);
        return Promise.resolve([
          alert('alert-opened', '2026-01-01T10:00:00.000Z', 2),
          alert('alert-resolved', '2026-01-01T11:00:00.000Z', 5),
        ]);
      },
    });
    return { handler: new GetTimelineHandler(db, contributions), asked };
  };

  it('shows the contributed entries among its own, in time order', async () => {
    const { handler, asked } = setUp([
      ownRecord('declared', '2026-01-01T10:00:00.000Z', 1),
      ownRecord('resolved', '2026-01-01T10:30:00.000Z', 4, 'resolution'),
    ]);
    const entries = await handler.execute(new GetTimelineQuery(incidentId));
    expect(ids(entries)).toEqual(['declared', 'alert-opened', 'resolved', 'alert-resolved']);
    expect(entries[0]).toMatchObject({ position: 1, occurredAt: '2026-01-01T10:00:00.000Z' });
    expect(asked).toEqual([incidentId]);
  });

  it('applies the kind filter to the contributed entries, and asks no contribution when alert is not wanted', async () => {
    // The database filters its own rows by kind: here it found none of them.
    const onlyAlerts = setUp([]);
    expect(
      ids(await onlyAlerts.handler.execute(new GetTimelineQuery(incidentId, ['alert']))),
    ).toEqual(['alert-opened', 'alert-resolved']);

    const noAlerts = setUp([ownRecord('declared', '2026-01-01T10:00:00.000Z', 1)]);
    const declarations = await noAlerts.handler.execute(
      new GetTimelineQuery(incidentId, ['declaration']),
    );
    expect(ids(declarations)).toEqual(['declared']);
    expect(noAlerts.asked).toEqual([]);

    const both = setUp([ownRecord('declared', '2026-01-01T10:00:00.000Z', 1)]);
    expect(
      ids(await both.handler.execute(new GetTimelineQuery(incidentId, ['declaration', 'alert']))),
    ).toEqual(['declared', 'alert-opened', 'alert-resolved']);
  });

  it('an unknown incident is still not found', async () => {
    const { handler } = setUp([], false);
    await expect(handler.execute(new GetTimelineQuery(incidentId))).rejects.toThrow(incidentId);
  });
});
