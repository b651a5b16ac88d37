import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { incidentEventTypes } from '../../domain';
import { ListIncidentsRequest } from '../incident-list/incident-list.request.dto';
import { TimelineRequest } from './timeline.request.dto';
import { recorded, workedStory } from '../standing-process.story.fixtures';
import { timelineEntryOf, timelineKindOf, timelineKinds } from './timeline.entry';

const errorsOf = <T extends object>(cls: new () => T, query: Record<string, unknown>) =>
  validateSync(plainToInstance(cls, query)).map((e) => e.property);

describe('the timeline', () => {
  const entries = recorded(workedStory).map(timelineEntryOf);

  it('shows every step with its kind, actor and both times', () => {
    expect(entries.map((e) => [e.type, e.kind, e.actor])).toEqual([
      ['IncidentDeclared', 'declaration', 'alice'],
      ['NotificationsRequested', 'notification', 'sitrep'],
      ['InvestigationTimeboxStarted', 'timebox', 'alice'],
      ['RoleAssigned', 'role', 'alice'],
      ['NotificationAcknowledged', 'notification', 'On-call SRE'],
      ['HuddleDue', 'huddle', 'sitrep'],
      ['NoteAdded', 'note', 'bob'],
      ['DecisionRecorded', 'decision', 'alice'],
      ['HuddleHeld', 'huddle', 'carol'],
      ['ActionAdded', 'action', 'alice'],
      ['ActionAdded', 'action', 'alice'],
      ['UpdatePosted', 'update', 'dave'],
      ['InvestigationTimeboxStarted', 'timebox', 'alice'],
      ['DecisionRecorded', 'decision', 'alice'],
      ['RoleAssigned', 'role', 'alice'],
      ['ActionCompleted', 'action', 'bob'],
      ['CorrectionRecorded', 'correction', 'carol'],
    ]);
  });

  it('a correction occurred when it actually happened and was recorded later', () => {
    const correction = entries.find((e) => e.kind === 'correction')!;
    expect(correction.occurredAt).toBe('2024-05-01T09:22:00.000Z');
    expect(correction.recordedAt).toBe('2024-05-02T10:00:00.000Z');
  });

  it('the kinds are those of every incident event type, each listed once', () => {
    expect(Object.keys(timelineKindOf).sort()).toEqual([...incidentEventTypes].sort());
    expect(new Set(timelineKinds).size).toBe(timelineKinds.length);
    expect([...timelineKinds].sort()).toEqual([...new Set(Object.values(timelineKindOf))].sort());
  });

  it('the kind filter accepts every kind an entry can have, and nothing else', () => {
    expect(errorsOf(TimelineRequest, { kind: timelineKinds.join(',') })).toEqual([]);
    expect(errorsOf(TimelineRequest, { kind: 'decision,huddle' })).toEqual([]);
    expect(errorsOf(TimelineRequest, { kind: 'decision,gossip' })).toEqual(['kind']);
  });

  it('the status filter accepts every status an incident can have', () => {
    for (const status of [
      'triage',
      'investigating',
      'mitigated',
      'resolved',
      'closed',
      'dismissed',
    ]) {
      expect(errorsOf(ListIncidentsRequest, { status })).toEqual([]);
    }
    expect(errorsOf(ListIncidentsRequest, { status: 'none' })).toEqual(['status']);
  });

  it('the page is bounded: an offset past a million is refused, not sent to PostgreSQL', () => {
    expect(errorsOf(ListIncidentsRequest, { limit: '200', offset: '1000000' })).toEqual([]);
    for (const offset of ['1000001', '9223372036854775808', '1e300', '-1', '1.5']) {
      expect(errorsOf(ListIncidentsRequest, { offset })).toEqual(['offset']);
    }
    expect(errorsOf(ListIncidentsRequest, { limit: '9223372036854775808' })).toEqual(['limit']);
  });
});
