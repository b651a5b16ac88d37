import type { IncidentEvent } from '../domain';
import { incidentClosed } from '../domain/testing/incident.process.fixtures';
import { incidentResolved } from '../domain/testing/incident.fixtures';
import { evolveSchedule, type IncidentSchedule } from '../read-models/schedule/incident-schedule';
import {
  declaredStory,
  fold,
  incidentId as id,
  workedStory,
} from '../read-models/standing-process.story.fixtures';
import { incidentTimersOf, timerChanges } from './incident-timers';

const scheduleOf = (events: IncidentEvent[]) => fold(evolveSchedule, events)!;

/** Every schedule and cancel the reactor would make, event by event. */
function changesAlong(events: IncidentEvent[]): string[] {
  const out: string[] = [];
  let before: IncidentSchedule | null = null;
  events.forEach((event, i) => {
    const after = evolveSchedule(before, event, i + 1)!;
    const { schedule, cancel } = timerChanges(before, after);
    for (const t of schedule)
      out.push(`${event.type}: schedule ${t.key} at ${t.dueAt.slice(11, 16)}`);
    for (const key of cancel) out.push(`${event.type}: cancel ${key}`);
    before = after;
  });
  return out.map((line) => line.replace(`:${id}:`, ':<id>:'));
}

describe('the incident timers', () => {
  it('a running timebox needs its huddle due and overdue timers and the update reminder', () => {
    expect(incidentTimersOf(scheduleOf(declaredStory))).toEqual([
      {
        key: `huddle-due:${id}:1`,
        kind: 'huddle-due',
        dueAt: '2024-05-01T09:20:00.000Z',
        payload: { incidentId: id, round: 1 },
      },
      {
        key: `huddle-overdue:${id}:1`,
        kind: 'huddle-overdue',
        dueAt: '2024-05-01T09:30:00.000Z',
        payload: { incidentId: id, round: 1 },
      },
      {
        key: `update-due:${id}:1`,
        kind: 'update-due',
        dueAt: '2024-05-01T09:30:00.000Z',
        payload: { incidentId: id, owedSince: '2024-05-01T09:00:00.000Z' },
      },
    ]);
  });

  it('follows the standing process: scheduled when set, cancelled when no longer needed', () => {
    const story = [...workedStory, incidentResolved({ resolvedAt: '2024-05-01T09:47:00.000Z' })];
    expect(changesAlong([...story, incidentClosed()])).toEqual([
      'IncidentDeclared: schedule update-due:<id>:1 at 09:30',
      'InvestigationTimeboxStarted: schedule huddle-due:<id>:1 at 09:20',
      'InvestigationTimeboxStarted: schedule huddle-overdue:<id>:1 at 09:30',
      'HuddleDue: cancel huddle-due:<id>:1',
      'HuddleHeld: cancel huddle-overdue:<id>:1',
      'ActionAdded: schedule action-overdue:<id>:action-1 at 09:50',
      'ActionAdded: schedule action-overdue:<id>:action-2 at 10:30',
      'UpdatePosted: schedule update-due:<id>:12 at 10:02',
      'UpdatePosted: cancel update-due:<id>:1',
      'InvestigationTimeboxStarted: schedule huddle-due:<id>:2 at 09:45',
      'InvestigationTimeboxStarted: schedule huddle-overdue:<id>:2 at 09:55',
      'ActionCompleted: cancel action-overdue:<id>:action-1',
      'IncidentResolved: cancel huddle-due:<id>:2',
      'IncidentResolved: cancel huddle-overdue:<id>:2',
      'IncidentResolved: cancel update-due:<id>:12',
      'IncidentClosed: cancel action-overdue:<id>:action-2',
    ]);
  });

  it('an event that changes no deadline changes no timer', () => {
    const s = scheduleOf(workedStory);
    expect(timerChanges(s, s)).toEqual({ schedule: [], cancel: [] });
  });
});
