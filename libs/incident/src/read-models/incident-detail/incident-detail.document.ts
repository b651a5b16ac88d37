import type { IncidentEvent } from '../../domain';
// The incident's own reading of its plan (the defaults when its events carry none), so the detail
// shows the terms the decider runs by. Not in the domain's index, hence the path.
import { incidentPlanOf } from '../../domain/state/fresh-response';
import { isActive } from '../incident-status';
import { deadlinesOf, earliestDeadline } from '../schedule/deadlines';
import { addMinutes } from '../schedule/huddle-clock';
import {
  actionsAfter,
  decisionsAfter,
  freshHuddles,
  huddlesAfter,
  noRoles,
  rolesAfter,
} from './incident-detail.sections';
import type { IncidentDetail } from './incident-detail.types';

export type * from './incident-detail.types';

type Opening = Extract<IncidentEvent, { type: 'IncidentDeclared' | 'PotentialIncidentOpened' }>;

/** Pure: the detail document after one more event of its incident (at stream `position`). */
export function evolveIncidentDetail(
  doc: IncidentDetail | null,
  event: IncidentEvent,
  position: number,
): IncidentDetail | null {
  const next = evolveIncidentDetailFacts(doc, event, position);
  return next && withDeadlines(next);
}

/**
 * The same without the deadlines, which follow from the rest of the document: a batch folds its
 * events with this and derives the deadlines once per document (see `withDeadlines`).
 */
export function evolveIncidentDetailFacts(
  doc: IncidentDetail | null,
  event: IncidentEvent,
  position: number,
): IncidentDetail | null {
  if (event.type === 'IncidentDeclared' || event.type === 'PotentialIncidentOpened') {
    return doc ? { ...doc, version: position } : opened(event, position);
  }
  return doc && { ...evolveExisting(doc, event), version: position };
}

/**
 * A document as stored. One written before the standing-process sections existed reads as having
 * none yet, so it keeps evolving; `projections rebuild incident-detail` fills in its history.
 */
export function storedIncidentDetail(doc: StoredIncidentDetail): IncidentDetail {
  return { ...emptySections(null), ...doc };
}

type Section = keyof ReturnType<typeof emptySections>;

/** A document as stored: the sections still at their defaults may be left out. */
export type StoredIncidentDetail = Omit<IncidentDetail, Section> &
  Partial<Pick<IncidentDetail, Section>>;

/** The default sections as JSON, to recognise a section still at its default. */
const defaultSectionJson: ReadonlyMap<string, string> = new Map(
  Object.entries(emptySections(null)).map(([key, value]) => [key, JSON.stringify(value)]),
);

/**
 * Pure: the document as written, without the sections still at their defaults, which
 * `storedIncidentDetail` fills back in: most incidents have no roles, decisions or actions yet, and
 * the document is then a fraction of the size. `storedIncidentDetail(compactIncidentDetail(d))`
 * equals `d`.
 */
export function compactIncidentDetail(doc: IncidentDetail): StoredIncidentDetail {
  // Built up rather than copied and deleted from: `delete` makes an object slow to serialise.
  const compact: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    const json = defaultSectionJson.get(key);
    if (json === undefined || JSON.stringify(value) !== json) compact[key] = value;
  }
  return compact as StoredIncidentDetail;
}

function emptySections(owedSince: string | null, plan = incidentPlanOf(undefined)) {
  return {
    plan,
    roles: noRoles,
    roleHistory: [],
    notifications: [],
    timebox: null,
    huddles: freshHuddles,
    decisions: { current: [], superseded: [] },
    openActions: [],
    closedActions: { completed: 0, cancelled: 0 },
    updates: { last: null, owedSince, nextDueAt: null },
    corrections: 0,
    nextDue: null,
  };
}

function opened(event: Opening, position: number): IncidentDetail {
  const d = event.data;
  const declared = event.type === 'IncidentDeclared';
  const at = declared ? event.data.declaredAt : event.data.openedAt;
  return {
    id: d.incidentId,
    title: d.title,
    severity: d.severity,
    status: declared ? 'investigating' : 'triage',
    description: d.description ?? null,
    services: d.services,
    reportedBy: d.reportedBy,
    declaredAt: at,
    acknowledgement: null,
    resolution: null,
    updatedAt: at,
    version: position,
    // Spread last, and with the plan: V8 makes each property added after a spread a slow one.
    ...emptySections(declared ? at : null, incidentPlanOf(d.plan)),
  };
}

/**
 * The update cadence and the next deadline follow from the rest of the document (nothing else
 * reads them), so deriving them once after several events equals deriving them after each.
 */
export function withDeadlines(doc: IncidentDetail): IncidentDetail {
  const { owedSince } = doc.updates;
  const minutes = doc.plan.internalUpdateMinutes;
  const nextDueAt = isActive(doc.status) && owedSince ? addMinutes(owedSince, minutes) : null;
  const deadlines = deadlinesOf({
    status: doc.status,
    huddles: doc.huddles,
    updateOwedSince: owedSince,
    internalUpdateMinutes: minutes,
    actionsDue: doc.openActions.flatMap(({ actionId, dueAt }) =>
      dueAt === null ? [] : [{ actionId, dueAt }],
    ),
  });
  return { ...doc, updates: { ...doc.updates, nextDueAt }, nextDue: earliestDeadline(deadlines) };
}

function evolveExisting(doc: IncidentDetail, event: IncidentEvent): IncidentDetail {
  switch (event.type) {
    case 'IncidentAcknowledged': {
      const { acknowledgedBy: by, acknowledgedAt: at } = event.data;
      return { ...doc, acknowledgement: { by, at }, updatedAt: at };
    }
    case 'IncidentResolved': {
      const { resolutionSummary: summary, resolvedBy: by, resolvedAt: at } = event.data;
      return { ...doc, status: 'resolved', resolution: { summary, by, at }, updatedAt: at };
    }
    case 'IncidentConfirmed': {
      const { confirmedAt: at, plan } = event.data;
      const updates = { ...doc.updates, owedSince: at };
      return {
        ...doc,
        status: 'investigating',
        plan: incidentPlanOf(plan),
        updates,
        updatedAt: at,
      };
    }
    case 'PotentialIncidentDismissed':
      return { ...doc, status: 'dismissed', updatedAt: event.data.dismissedAt };
    case 'IncidentMitigated':
      return { ...doc, status: 'mitigated', updatedAt: event.data.mitigatedAt };
    case 'IncidentClosed':
      return { ...doc, status: 'closed', updatedAt: event.data.closedAt };
    case 'IncidentReopened': {
      const at = event.data.reopenedAt;
      const updates = { ...doc.updates, owedSince: at };
      const huddles = huddlesAfter(doc, event);
      return { ...doc, status: 'investigating', resolution: null, huddles, updates, updatedAt: at };
    }
    case 'SeverityChanged':
      return { ...doc, severity: event.data.to, updatedAt: event.data.changedAt };
    default:
      return evolveResponse(doc, event);
  }
}

function evolveResponse(doc: IncidentDetail, event: IncidentEvent): IncidentDetail {
  switch (event.type) {
    case 'RoleAssigned':
    case 'RoleUnassigned': {
      const assigned = event.type === 'RoleAssigned';
      const d = event.data;
      const change = {
        role: d.role,
        person: d.person,
        change: assigned ? ('assigned' as const) : ('unassigned' as const),
        previousHolder: event.type === 'RoleAssigned' ? event.data.previousHolder : null,
        by: event.type === 'RoleAssigned' ? event.data.assignedBy : event.data.unassignedBy,
        at: event.type === 'RoleAssigned' ? event.data.assignedAt : event.data.unassignedAt,
      };
      const roles = rolesAfter(doc.roles, d.role, d.person, assigned);
      return { ...doc, roles, roleHistory: [...doc.roleHistory, change] };
    }
    case 'NotificationsRequested': {
      const { contacts, requestedAt } = event.data;
      const requested = contacts.map((c) => ({ ...c, requestedAt, acknowledgedAt: null }));
      return { ...doc, notifications: [...doc.notifications, ...requested] };
    }
    case 'NotificationAcknowledged': {
      const { contact, acknowledgedAt } = event.data;
      const notifications = doc.notifications.map((c) =>
        c.name === contact && c.acknowledgedAt === null ? { ...c, acknowledgedAt } : c,
      );
      return { ...doc, notifications };
    }
    case 'InvestigationTimeboxStarted': {
      const { round, minutes, startedAt, endsAt } = event.data;
      const timebox = { round, minutes, startedAt, endsAt };
      return { ...doc, timebox, huddles: huddlesAfter(doc, event) };
    }
    case 'HuddleDue':
    case 'HuddleOverdue':
    case 'HuddleHeld':
      return { ...doc, huddles: huddlesAfter(doc, event) };
    default:
      return evolveRecords(doc, event);
  }
}

function evolveRecords(doc: IncidentDetail, event: IncidentEvent): IncidentDetail {
  switch (event.type) {
    case 'DecisionRecorded':
      return { ...doc, decisions: decisionsAfter(doc.decisions, event.data) };
    case 'ActionAdded':
    case 'ActionStarted':
    case 'ActionCompleted':
    case 'ActionCancelled':
      return { ...doc, ...actionsAfter(doc, event) };
    case 'UpdatePosted': {
      const { updateId, audience, postedBy, postedAt } = event.data;
      const since = doc.updates.owedSince;
      const owedSince = since !== null && since > postedAt ? since : postedAt;
      const last = { updateId, audience, postedBy, postedAt };
      return { ...doc, updates: { ...doc.updates, last, owedSince } };
    }
    case 'CorrectionRecorded':
      return { ...doc, corrections: doc.corrections + 1 };
    default:
      // Notes are on the timeline; nothing here changes.
      return doc;
  }
}
