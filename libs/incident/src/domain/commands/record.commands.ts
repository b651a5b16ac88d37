import type { ExternalCommunication, RejectedOption } from '../events/record.events';
import type { DecisionKind, UpdateAudience } from '../incident.vocabulary';

/* Ids come in with the command: a repeat with the same id is a retry and decides nothing. */

export type RecordDecision = {
  readonly type: 'RecordDecision';
  readonly data: {
    readonly incidentId: string;
    readonly decisionId: string;
    readonly kind: DecisionKind;
    readonly decision: string;
    readonly rationale: string;
    readonly decidedBy: string;
    readonly decidedAt: string;
    readonly optionsRejected?: readonly RejectedOption[];
    /** Required when kind is communicate-externally, refused otherwise. */
    readonly communication?: ExternalCommunication;
    readonly supersedes?: string;
  };
};

export type AddAction = {
  readonly type: 'AddAction';
  readonly data: {
    readonly incidentId: string;
    readonly actionId: string;
    readonly description: string;
    readonly owner: string;
    readonly dueAt?: string;
    readonly decisionId?: string;
    readonly addedBy: string;
    readonly addedAt: string;
  };
};

export type StartAction = {
  readonly type: 'StartAction';
  readonly data: {
    readonly incidentId: string;
    readonly actionId: string;
    readonly startedBy: string;
    readonly startedAt: string;
  };
};

export type CompleteAction = {
  readonly type: 'CompleteAction';
  readonly data: {
    readonly incidentId: string;
    readonly actionId: string;
    readonly outcome?: string;
    readonly completedBy: string;
    readonly completedAt: string;
  };
};

export type CancelAction = {
  readonly type: 'CancelAction';
  readonly data: {
    readonly incidentId: string;
    readonly actionId: string;
    readonly reason: string;
    readonly cancelledBy: string;
    readonly cancelledAt: string;
  };
};

export type PostUpdate = {
  readonly type: 'PostUpdate';
  readonly data: {
    readonly incidentId: string;
    readonly updateId: string;
    readonly audience: UpdateAudience;
    readonly body: string;
    readonly postedBy: string;
    readonly postedAt: string;
  };
};

export type AddNote = {
  readonly type: 'AddNote';
  readonly data: {
    readonly incidentId: string;
    readonly noteId: string;
    readonly text: string;
    readonly addedBy: string;
    readonly addedAt: string;
  };
};

/** At least one of correctsEventId and subject. */
export type RecordCorrection = {
  readonly type: 'RecordCorrection';
  readonly data: {
    readonly incidentId: string;
    readonly correctionId: string;
    readonly correctsEventId?: string;
    readonly subject?: string;
    readonly whatWasWrong: string;
    readonly correctedValue?: string;
    readonly actuallyHappenedAt: string;
    readonly recordedBy: string;
    readonly recordedAt: string;
  };
};

export type RecordCommand =
  | RecordDecision
  | AddAction
  | StartAction
  | CompleteAction
  | CancelAction
  | PostUpdate
  | AddNote
  | RecordCorrection;
