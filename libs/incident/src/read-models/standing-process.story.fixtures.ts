import type { RecordedEvent } from '@sitrep/event-store';
import type { IncidentEvent } from '../domain';
import { incidentDeclared, incidentId } from '../domain/testing/incident.fixtures';
import {
  notificationAcknowledged,
  notificationsRequested,
  planReference,
  roleAssigned,
  timeboxStarted,
} from '../domain/testing/incident.process.fixtures';
import {
  actionAdded,
  actionCompleted,
  correctionRecorded,
  decisionRecorded,
  huddleDue,
  huddleHeld,
  noteAdded,
  secondTimeboxStarted,
  updatePosted,
} from '../domain/testing/incident.records.fixtures';
import { incidentStreamId } from '../incident-stream';

/*
 * One incident through the standing process, for the read-model unit tests. The plan: investigate
 * 20 minutes, huddle 10, internal update every 30. Declared 09:00; timebox 1 ends 09:20.
 */
export { incidentId };

export const declaredWithPlan = incidentDeclared({ plan: planReference });

/** Up to the first timebox running: huddle due 09:20, overdue 09:30, update due 09:30. */
export const declaredStory: IncidentEvent[] = [
  declaredWithPlan,
  notificationsRequested(),
  timeboxStarted(),
];

/** Then the huddle, a decision and its action, an update, the next timebox and a change of plan. */
export const workedStory: IncidentEvent[] = [
  ...declaredStory,
  roleAssigned(),
  notificationAcknowledged(),
  huddleDue(),
  noteAdded(),
  decisionRecorded(),
  huddleHeld(),
  actionAdded({ dueAt: '2024-05-01T09:50:00.000Z', decisionId: 'decision-1' }),
  actionAdded({ actionId: 'action-2', owner: 'carol', dueAt: '2024-05-01T10:30:00.000Z' }),
  updatePosted(),
  secondTimeboxStarted(),
  decisionRecorded({
    decisionId: 'decision-2',
    decision: 'Fail over to eu-west-2',
    supersedes: 'decision-1',
    decidedAt: '2024-05-01T09:40:00.000Z',
  }),
  roleAssigned({
    person: 'bob',
    previousHolder: 'alice',
    assignedAt: '2024-05-01T09:41:00.000Z',
  }),
  actionCompleted(),
  correctionRecorded(),
];

const recordedAt = new Date('2024-05-02T10:00:00.000Z');

/** As the store hands them out: stream positions from 1, in order. */
export function recorded(events: readonly IncidentEvent[], id = incidentId): RecordedEvent[] {
  return events.map((e, i) => ({
    globalPosition: 1000 + i,
    streamId: incidentStreamId(id),
    streamPosition: i + 1,
    eventId: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
    type: e.type,
    schemaVersion: 1,
    data: e.data as unknown as Record<string, unknown>,
    metadata: { actor: 'test' },
    recordedAt,
    transactionId: '1',
  }));
}

/** Folds events through `evolve` the way the projections do (positions from 1). */
export function fold<Row>(
  evolve: (row: Row | null, event: IncidentEvent, position: number) => Row | null,
  events: readonly IncidentEvent[],
): Row | null {
  return events.reduce<Row | null>((row, e, i) => evolve(row, e, i + 1) ?? row, null);
}
