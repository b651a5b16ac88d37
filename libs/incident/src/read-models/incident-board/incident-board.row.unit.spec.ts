import { foldKeyedRows } from '@sitrep/messaging';
import type { IncidentEvent } from '../../domain';
import { incidentClosed, severityChanged } from '../../domain/testing/incident.process.fixtures';
import { incidentResolved } from '../../domain/testing/incident.fixtures';
import { huddleDue, huddleOverdue } from '../../domain/testing/incident.records.fixtures';
import { declaredStory, fold, recorded, workedStory } from '../standing-process.story.fixtures';
import { evolveIncidentBoardRow, type IncidentBoardRow } from './incident-board.row';

const rowOf = (events: IncidentEvent[]) => fold(evolveIncidentBoardRow, events)!;
const { schedule: _s, ...visible } = rowOf(declaredStory);

describe('the incident board row', () => {
  it('while the first timebox runs, holds when the huddle and the update fall due', () => {
    expect(visible).toEqual({
      incidentId: declaredStory[0].data.incidentId,
      title: 'Checkout returns 502 for card payments',
      severity: 'SEV2',
      status: 'investigating',
      commander: null,
      declaredAt: '2024-05-01T09:00:00.000Z',
      huddleDueAt: '2024-05-01T09:20:00.000Z',
      huddleOverdueAt: '2024-05-01T09:30:00.000Z',
      nextUpdateDueAt: '2024-05-01T09:30:00.000Z',
      earliestActionDueAt: null,
      openActions: 0,
      lastPosition: 3,
    });
  });

  it('a due or overdue huddle keeps its due times until one is held', () => {
    const due = rowOf([...declaredStory, huddleDue(), huddleOverdue()]);
    expect([due.huddleDueAt, due.huddleOverdueAt]).toEqual([
      '2024-05-01T09:20:00.000Z',
      '2024-05-01T09:30:00.000Z',
    ]);
  });

  it('after a huddle, an update and a completed action, shows the next of each', () => {
    const row = rowOf([...workedStory, severityChanged()]);
    expect(row).toMatchObject({
      severity: 'SEV1',
      commander: 'bob',
      huddleDueAt: '2024-05-01T09:45:00.000Z',
      huddleOverdueAt: '2024-05-01T09:55:00.000Z',
      nextUpdateDueAt: '2024-05-01T10:02:00.000Z',
      earliestActionDueAt: '2024-05-01T10:30:00.000Z',
      openActions: 1,
    });
  });

  it('a resolved incident owes no huddle or update, but its open actions stay due', () => {
    const row = rowOf([...workedStory, incidentResolved()]);
    expect(row).toMatchObject({
      status: 'resolved',
      huddleDueAt: null,
      huddleOverdueAt: null,
      nextUpdateDueAt: null,
      earliestActionDueAt: '2024-05-01T10:30:00.000Z',
    });
    expect(rowOf([...workedStory, incidentResolved(), incidentClosed()])).toMatchObject({
      status: 'closed',
      earliestActionDueAt: null,
    });
  });

  it('every event delivered twice gives the same row', () => {
    const key = () => 'incident';
    const evolve = (row: IncidentBoardRow | null, e: ReturnType<typeof recorded>[number]) =>
      evolveIncidentBoardRow(
        row,
        { type: e.type, data: e.data } as IncidentEvent,
        e.streamPosition,
      );
    const events = recorded(workedStory);
    const once = foldKeyedRows(new Map(), events, key, evolve);
    const twice = foldKeyedRows(
      new Map(),
      events.flatMap((e) => [e, e]),
      key,
      evolve,
    );
    expect(twice).toEqual(once);
    expect(once.get('incident')!.row).toEqual(rowOf(workedStory));
  });
});
