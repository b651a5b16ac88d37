import { command, event } from './fixture-builders';
import { incidentId } from './incident.fixtures';

/* Builders for huddles, decisions, actions, updates, notes and corrections. */

export const markHuddleDueCommand = command('MarkHuddleDue', {
  incidentId,
  round: 1,
  markedAt: '2024-05-01T09:20:01.000Z',
});
export const huddleDue = event('HuddleDue', {
  incidentId,
  round: 1,
  dueAt: '2024-05-01T09:20:00.000Z',
  markedAt: '2024-05-01T09:20:01.000Z',
});

export const markHuddleOverdueCommand = command('MarkHuddleOverdue', {
  incidentId,
  round: 1,
  markedAt: '2024-05-01T09:30:02.000Z',
});
export const huddleOverdue = event('HuddleOverdue', {
  incidentId,
  round: 1,
  dueAt: '2024-05-01T09:20:00.000Z',
  overdueAt: '2024-05-01T09:30:00.000Z',
  markedAt: '2024-05-01T09:30:02.000Z',
});

const huddle = {
  incidentId,
  huddleId: 'huddle-1',
  startedAt: '2024-05-01T09:21:00.000Z',
  endedAt: '2024-05-01T09:29:00.000Z',
  summary: 'Cause is the new cache; roll back',
  recordedBy: 'carol',
};
export const recordHuddleCommand = command('RecordHuddle', {
  ...huddle,
  attendees: ['alice', 'bob', 'carol'],
});
export const huddleHeld = event('HuddleHeld', {
  ...huddle,
  attendees: ['alice', 'bob', 'carol'],
  round: 1,
  plannedMinutes: 10,
  overran: false,
});

export const startTimeboxCommand = command('StartTimebox', {
  incidentId,
  minutes: 15,
  startedBy: 'alice',
  startedAt: '2024-05-01T09:30:00.000Z',
});
export const secondTimeboxStarted = event('InvestigationTimeboxStarted', {
  incidentId,
  round: 2,
  minutes: 15,
  startedAt: '2024-05-01T09:30:00.000Z',
  endsAt: '2024-05-01T09:45:00.000Z',
  startedBy: 'alice',
});

const decision = {
  incidentId,
  decisionId: 'decision-1',
  kind: 'urgent-mitigation',
  decision: 'Roll back the cache release',
  rationale: 'Errors started with it',
  decidedBy: 'alice',
  decidedAt: '2024-05-01T09:29:00.000Z',
} as const;
const rejected = [{ option: 'Scale out', reason: 'Does not touch the cause' }];
export const recordDecisionCommand = command('RecordDecision', {
  ...decision,
  optionsRejected: rejected,
});
export const decisionRecorded = event('DecisionRecorded', {
  ...decision,
  optionsRejected: rejected,
});

export const communication = {
  audience: 'EU merchants',
  timing: 'within 15 minutes',
  message: 'Card payments are slow; we are rolling back.',
};

const action = {
  incidentId,
  actionId: 'action-1',
  description: 'Roll back cache to 1.8',
  owner: 'bob',
  addedBy: 'alice',
  addedAt: '2024-05-01T09:30:00.000Z',
};
export const addActionCommand = command('AddAction', action);
export const actionAdded = event('ActionAdded', action);

const start = {
  incidentId,
  actionId: 'action-1',
  startedBy: 'bob',
  startedAt: '2024-05-01T09:31:00.000Z',
};
export const startActionCommand = command('StartAction', start);
export const actionStarted = event('ActionStarted', start);

const completion = {
  incidentId,
  actionId: 'action-1',
  completedBy: 'bob',
  completedAt: '2024-05-01T09:40:00.000Z',
};
export const completeActionCommand = command('CompleteAction', completion);
export const actionCompleted = event('ActionCompleted', completion);

const cancellation = {
  incidentId,
  actionId: 'action-1',
  reason: 'Not needed',
  cancelledBy: 'alice',
  cancelledAt: '2024-05-01T09:35:00.000Z',
};
export const cancelActionCommand = command('CancelAction', cancellation);
export const actionCancelled = event('ActionCancelled', cancellation);

const update = {
  incidentId,
  updateId: 'update-1',
  audience: 'stakeholders',
  body: 'Rolling back',
  postedBy: 'dave',
  postedAt: '2024-05-01T09:32:00.000Z',
} as const;
export const postUpdateCommand = command('PostUpdate', update);
export const updatePosted = event('UpdatePosted', update);

const note = {
  incidentId,
  noteId: 'note-1',
  text: 'Cache hit rate fell at 08:58',
  addedBy: 'bob',
  addedAt: '2024-05-01T09:05:00.000Z',
};
export const addNoteCommand = command('AddNote', note);
export const noteAdded = event('NoteAdded', note);

const correction = {
  incidentId,
  correctionId: 'correction-1',
  subject: 'Mitigation time',
  whatWasWrong: 'Mitigation was recorded late',
  correctedValue: '09:22',
  actuallyHappenedAt: '2024-05-01T09:22:00.000Z',
  recordedBy: 'carol',
  recordedAt: '2024-05-02T10:00:00.000Z',
};
export const recordCorrectionCommand = command('RecordCorrection', correction);
export const correctionRecorded = event('CorrectionRecorded', correction);
