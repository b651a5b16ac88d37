import type { Role } from '../incident.vocabulary';
import type { Contact } from '../shared/plan-terms';

/* Who works the incident, who was told, and the investigate-then-huddle rhythm. */

export type RoleAssigned = {
  readonly type: 'RoleAssigned';
  readonly data: {
    readonly incidentId: string;
    readonly role: Role;
    readonly person: string;
    /** For a single-holder role: who handed over (null when nobody held it). Always null for investigators. */
    readonly previousHolder: string | null;
    readonly assignedBy: string;
    readonly assignedAt: string;
  };
};

export type RoleUnassigned = {
  readonly type: 'RoleUnassigned';
  readonly data: {
    readonly incidentId: string;
    readonly role: Role;
    readonly person: string;
    readonly unassignedBy: string;
    readonly unassignedAt: string;
  };
};

/** Step 1: who the response plan says must be told. The notifier reacts to this. */
export type NotificationsRequested = {
  readonly type: 'NotificationsRequested';
  readonly data: {
    readonly incidentId: string;
    readonly planId: string;
    readonly planVersion: number;
    readonly contacts: Contact[];
    readonly requestedAt: string;
  };
};

export type NotificationAcknowledged = {
  readonly type: 'NotificationAcknowledged';
  readonly data: {
    readonly incidentId: string;
    /** The contact's name, as in NotificationsRequested. */
    readonly contact: string;
    readonly acknowledgedAt: string;
  };
};

/** Step 2: investigate for a while. `round` counts the incident's timeboxes from 1. */
export type InvestigationTimeboxStarted = {
  readonly type: 'InvestigationTimeboxStarted';
  readonly data: {
    readonly incidentId: string;
    readonly round: number;
    readonly minutes: number;
    readonly startedAt: string;
    readonly endsAt: string;
    readonly startedBy: string;
  };
};

/** The timebox ended: the team should huddle now. Recorded by a timer. */
export type HuddleDue = {
  readonly type: 'HuddleDue';
  readonly data: {
    readonly incidentId: string;
    readonly round: number;
    /** The end of the timebox. */
    readonly dueAt: string;
    /** When the timer fired (at or after dueAt). */
    readonly markedAt: string;
  };
};

export type HuddleHeld = {
  readonly type: 'HuddleHeld';
  readonly data: {
    readonly incidentId: string;
    readonly huddleId: string;
    /** The timebox this huddle closes (0 when none had started). */
    readonly round: number;
    readonly startedAt: string;
    readonly endedAt: string;
    readonly attendees: string[];
    readonly summary: string;
    readonly recordedBy: string;
    /** The huddle length the plan allows. */
    readonly plannedMinutes: number;
    /** It took longer than plannedMinutes. */
    readonly overran: boolean;
  };
};

/** A due huddle was not held within the plan's huddle length. Recorded by a timer. */
export type HuddleOverdue = {
  readonly type: 'HuddleOverdue';
  readonly data: {
    readonly incidentId: string;
    readonly round: number;
    readonly dueAt: string;
    /** dueAt plus the plan's huddle length. */
    readonly overdueAt: string;
    readonly markedAt: string;
  };
};

export type ResponseEvent =
  | RoleAssigned
  | RoleUnassigned
  | NotificationsRequested
  | NotificationAcknowledged
  | InvestigationTimeboxStarted
  | HuddleDue
  | HuddleHeld
  | HuddleOverdue;
