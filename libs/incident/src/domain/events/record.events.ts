import type { DecisionKind, UpdateAudience } from '../incident.vocabulary';

/* What the team decided, did, said and corrected. Nothing is edited in place: later events supersede. */

export type RejectedOption = { readonly option: string; readonly reason: string };

/** For communicate-externally decisions: who is told, when, and what. */
export type ExternalCommunication = {
  readonly audience: string;
  readonly timing: string;
  readonly message: string;
};

export type DecisionRecorded = {
  readonly type: 'DecisionRecorded';
  readonly data: {
    readonly incidentId: string;
    readonly decisionId: string;
    readonly kind: DecisionKind;
    readonly decision: string;
    readonly rationale: string;
    readonly decidedBy: string;
    readonly decidedAt: string;
    readonly optionsRejected: RejectedOption[];
    /** Present exactly when kind is communicate-externally. */
    readonly communication?: ExternalCommunication;
    /** The decision this one replaces; absent for a new line of decision. */
    readonly supersedes?: string;
  };
};

export type ActionAdded = {
  readonly type: 'ActionAdded';
  readonly data: {
    readonly incidentId: string;
    readonly actionId: string;
    readonly description: string;
    readonly owner: string;
    readonly dueAt?: string;
    /** The decision this action carries out. */
    readonly decisionId?: string;
    readonly addedBy: string;
    readonly addedAt: string;
  };
};

export type ActionStarted = {
  readonly type: 'ActionStarted';
  readonly data: {
    readonly incidentId: string;
    readonly actionId: string;
    readonly startedBy: string;
    readonly startedAt: string;
  };
};

export type ActionCompleted = {
  readonly type: 'ActionCompleted';
  readonly data: {
    readonly incidentId: string;
    readonly actionId: string;
    readonly outcome?: string;
    readonly completedBy: string;
    readonly completedAt: string;
  };
};

export type ActionCancelled = {
  readonly type: 'ActionCancelled';
  readonly data: {
    readonly incidentId: string;
    readonly actionId: string;
    readonly reason: string;
    readonly cancelledBy: string;
    readonly cancelledAt: string;
  };
};

export type UpdatePosted = {
  readonly type: 'UpdatePosted';
  readonly data: {
    readonly incidentId: string;
    readonly updateId: string;
    readonly audience: UpdateAudience;
    readonly body: string;
    readonly postedBy: string;
    readonly postedAt: string;
  };
};

export type NoteAdded = {
  readonly type: 'NoteAdded';
  readonly data: {
    readonly incidentId: string;
    readonly noteId: string;
    readonly text: string;
    readonly addedBy: string;
    readonly addedAt: string;
  };
};

/**
 * Something on the record was wrong. The wrong event stays; this one says what was wrong and when
 * it actually happened, so the timeline can show both the corrected time and when it was recorded.
 */
export type CorrectionRecorded = {
  readonly type: 'CorrectionRecorded';
  readonly data: {
    readonly incidentId: string;
    readonly correctionId: string;
    /** The store's id of the event being corrected, when it is one event. */
    readonly correctsEventId?: string;
    /** What is being corrected, in words, when it is not (only) one event. */
    readonly subject?: string;
    readonly whatWasWrong: string;
    readonly correctedValue?: string;
    readonly actuallyHappenedAt: string;
    readonly recordedBy: string;
    readonly recordedAt: string;
  };
};

export type RecordEvent =
  | DecisionRecorded
  | ActionAdded
  | ActionStarted
  | ActionCompleted
  | ActionCancelled
  | UpdatePosted
  | NoteAdded
  | CorrectionRecorded;
