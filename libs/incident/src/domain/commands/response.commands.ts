import type { Role } from '../incident.vocabulary';

export type AssignRole = {
  readonly type: 'AssignRole';
  readonly data: {
    readonly incidentId: string;
    readonly role: Role;
    readonly person: string;
    readonly assignedBy: string;
    readonly assignedAt: string;
  };
};

export type UnassignRole = {
  readonly type: 'UnassignRole';
  readonly data: {
    readonly incidentId: string;
    readonly role: Role;
    readonly person: string;
    readonly unassignedBy: string;
    readonly unassignedAt: string;
  };
};

/** From the notifier, when a contact acknowledges the notification (by contact name). */
export type RecordNotificationAcknowledged = {
  readonly type: 'RecordNotificationAcknowledged';
  readonly data: {
    readonly incidentId: string;
    readonly contact: string;
    readonly acknowledgedAt: string;
  };
};

/** From the timer set for the end of timebox `round`. */
export type MarkHuddleDue = {
  readonly type: 'MarkHuddleDue';
  readonly data: {
    readonly incidentId: string;
    readonly round: number;
    readonly markedAt: string;
  };
};

/** From the timer set for the due huddle's end (timebox end plus the plan's huddle length). */
export type MarkHuddleOverdue = {
  readonly type: 'MarkHuddleOverdue';
  readonly data: {
    readonly incidentId: string;
    readonly round: number;
    readonly markedAt: string;
  };
};

export type RecordHuddle = {
  readonly type: 'RecordHuddle';
  readonly data: {
    readonly incidentId: string;
    readonly huddleId: string;
    readonly startedAt: string;
    readonly endedAt: string;
    /** 1..100 people; duplicates are dropped. */
    readonly attendees: readonly string[];
    readonly summary: string;
    readonly recordedBy: string;
  };
};

/** After a huddle: investigate again for `minutes` (the plan's investigation minutes when absent). */
export type StartTimebox = {
  readonly type: 'StartTimebox';
  readonly data: {
    readonly incidentId: string;
    readonly minutes?: number;
    readonly startedBy: string;
    readonly startedAt: string;
  };
};

export type ResponseCommand =
  | AssignRole
  | UnassignRole
  | RecordNotificationAcknowledged
  | MarkHuddleDue
  | MarkHuddleOverdue
  | RecordHuddle
  | StartTimebox;
