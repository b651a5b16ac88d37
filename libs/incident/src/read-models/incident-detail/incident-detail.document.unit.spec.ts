import { foldKeyedRows } from '@sitrep/messaging';
import type { IncidentEvent } from '../../domain';
import { incidentClosed, incidentReopened } from '../../domain/testing/incident.process.fixtures';
import { incidentResolved } from '../../domain/testing/incident.fixtures';
import { huddleDue, huddleOverdue } from '../../domain/testing/incident.records.fixtures';
import { declaredStory, fold, recorded, workedStory } from '../standing-process.story.fixtures';
import {
  compactIncidentDetail,
  evolveIncidentDetail,
  storedIncidentDetail,
  type IncidentDetail,
} from './incident-detail.document';

const detailOf = (events: IncidentEvent[]) => fold(evolveIncidentDetail, events)!;

describe('the incident detail document', () => {
  describe('when the first timebox is running', () => {
    it('shows the plan, the timebox, and the huddle due at its end as the next deadline', () => {
      const doc = detailOf(declaredStory);
      expect(doc).toMatchObject({
        status: 'investigating',
        plan: { planId: 'standard', version: 3, huddleMinutes: 10, internalUpdateMinutes: 30 },
        timebox: { round: 1, minutes: 20, endsAt: '2024-05-01T09:20:00.000Z' },
        huddles: {
          round: 1,
          phase: 'investigating',
          dueAt: '2024-05-01T09:20:00.000Z',
          overdueAt: '2024-05-01T09:30:00.000Z',
          due: false,
          overdue: false,
          last: null,
        },
        updates: { last: null, owedSince: '2024-05-01T09:00:00.000Z' },
        nextDue: { kind: 'huddle-due', at: '2024-05-01T09:20:00.000Z', round: 1 },
        version: 3,
      });
      expect(doc.updates.nextDueAt).toBe('2024-05-01T09:30:00.000Z');
      expect(doc.notifications.map((c) => [c.name, c.acknowledgedAt])).toEqual([
        ['On-call SRE', null],
        ['Head of Support', null],
      ]);
    });

    it('once the huddle is due, the next deadline is its overdue time', () => {
      const doc = detailOf([...declaredStory, huddleDue()]);
      expect(doc.huddles).toMatchObject({ phase: 'due', due: true, overdue: false });
      expect(doc.nextDue).toEqual({
        kind: 'huddle-overdue',
        at: '2024-05-01T09:30:00.000Z',
        round: 1,
      });
    });

    it('an overdue huddle is flagged and no longer a deadline ahead', () => {
      const doc = detailOf([...declaredStory, huddleDue(), huddleOverdue()]);
      expect(doc.huddles).toMatchObject({ phase: 'overdue', due: true, overdue: true });
      expect(doc.nextDue).toMatchObject({ kind: 'update-due', at: '2024-05-01T09:30:00.000Z' });
    });
  });

  describe('when the incident has been worked through a huddle', () => {
    const doc = detailOf(workedStory);

    it('shows the current holders of each role and the handovers', () => {
      expect(doc.roles).toEqual({
        commander: 'bob',
        'communications-lead': null,
        scribe: null,
        investigators: [],
      });
      expect(doc.roleHistory.map((r) => [r.person, r.change, r.previousHolder])).toEqual([
        ['alice', 'assigned', null],
        ['bob', 'assigned', 'alice'],
      ]);
    });

    it('shows who was notified and who acknowledged', () => {
      expect(doc.notifications.map((c) => [c.name, c.acknowledgedAt])).toEqual([
        ['On-call SRE', '2024-05-01T09:03:00.000Z'],
        ['Head of Support', null],
      ]);
    });

    it('shows the last huddle and the running second timebox', () => {
      expect(doc.timebox).toEqual({
        round: 2,
        minutes: 15,
        startedAt: '2024-05-01T09:30:00.000Z',
        endsAt: '2024-05-01T09:45:00.000Z',
      });
      expect(doc.huddles).toMatchObject({
        round: 2,
        phase: 'investigating',
        due: false,
        held: 1,
        last: { huddleId: 'huddle-1', round: 1, attendees: ['alice', 'bob', 'carol'] },
      });
    });

    it('the current plan holds the decisions that stand; the replaced one is marked', () => {
      expect(doc.decisions.current.map((d) => [d.decisionId, d.supersedes])).toEqual([
        ['decision-2', 'decision-1'],
      ]);
      expect(doc.decisions.superseded.map((d) => [d.decisionId, d.supersededBy])).toEqual([
        ['decision-1', 'decision-2'],
      ]);
    });

    it('lists open actions with owner, due time and decision, and counts closed ones', () => {
      expect(doc.openActions).toEqual([
        expect.objectContaining({
          actionId: 'action-2',
          owner: 'carol',
          dueAt: '2024-05-01T10:30:00.000Z',
          decisionId: null,
        }),
      ]);
      expect(doc.closedActions).toEqual({ completed: 1, cancelled: 0 });
    });

    it('the update cadence restarts at the last update', () => {
      expect(doc.updates).toMatchObject({
        last: { updateId: 'update-1', postedAt: '2024-05-01T09:32:00.000Z' },
        owedSince: '2024-05-01T09:32:00.000Z',
        nextDueAt: '2024-05-01T10:02:00.000Z',
      });
      expect(doc.corrections).toBe(1);
    });

    it('the next deadline is the earliest: the second huddle at 09:45', () => {
      expect(doc.nextDue).toEqual({ kind: 'huddle-due', at: '2024-05-01T09:45:00.000Z', round: 2 });
      expect(doc.version).toBe(workedStory.length);
    });
  });

  describe('when the incident is resolved, reopened and closed', () => {
    const resolved = [...workedStory, incidentResolved({ resolvedAt: '2024-05-01T09:47:00.000Z' })];

    it('after resolution only open actions are still due', () => {
      const doc = detailOf(resolved);
      expect(doc.updates.nextDueAt).toBeNull();
      expect(doc.nextDue).toEqual({
        kind: 'action-overdue',
        at: '2024-05-01T10:30:00.000Z',
        actionId: 'action-2',
      });
    });

    it('a reopened incident owes an update and waits for its next timebox', () => {
      const doc = detailOf([...resolved, incidentReopened()]);
      expect(doc).toMatchObject({ status: 'investigating', resolution: null });
      expect(doc.huddles).toMatchObject({ round: 2, phase: 'idle', dueAt: null });
      expect(doc.updates.nextDueAt).toBe('2024-05-01T11:30:00.000Z');
    });

    it('a closed incident has nothing due', () => {
      expect(detailOf([...resolved, incidentClosed()]).nextDue).toBeNull();
    });
  });

  it('every event delivered twice gives the same document', () => {
    const key = () => 'incident';
    const evolve = (doc: IncidentDetail | null, e: ReturnType<typeof recorded>[number]) =>
      evolveIncidentDetail(doc, { type: e.type, data: e.data } as IncidentEvent, e.streamPosition);
    const events = recorded(workedStory);
    const once = foldKeyedRows(new Map(), events, key, evolve);
    const twice = foldKeyedRows(
      new Map(),
      events.flatMap((e) => [e, e]),
      key,
      evolve,
    );
    const again = foldKeyedRows(once, events, key, evolve);
    expect(twice).toEqual(once);
    expect(again.size).toBe(0);
    expect(once.get('incident')!.row).toEqual(detailOf(workedStory));
  });

  it('is stored without its default sections and reads back the same', () => {
    const declared = detailOf(declaredStory.slice(0, 1));
    const compact = compactIncidentDetail(declared);
    expect(compact).not.toHaveProperty('roles');
    expect(compact).not.toHaveProperty('decisions');
    expect(JSON.stringify(compact).length).toBeLessThan(JSON.stringify(declared).length);
    for (const doc of [declared, detailOf(declaredStory), detailOf(workedStory)]) {
      const stored = JSON.parse(JSON.stringify(compactIncidentDetail(doc))) as IncidentDetail;
      expect(storedIncidentDetail(stored)).toEqual(doc);
    }
  });
});
