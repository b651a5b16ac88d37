import type { AlertGroupEvent } from './alert-group.events';
import type { IncidentStanding } from './incident-standing';

/** What an integration does with an incident once every alert of it resolved. */
export type AutoResolveMode = 'none' | 'mitigate' | 'resolve';

/** The incident command that settles it (the pipeline adds who and when). */
export type Settlement = {
  readonly type: 'DismissPotentialIncident' | 'MitigateIncident' | 'ResolveIncident';
  readonly incidentId: string;
  readonly summary: string;
};

export type AlertResolution = {
  /** Why, as the delivery's outcome says. */
  readonly reason: string;
  readonly settle: Settlement | null;
};

export type AutoResolveFacts = {
  readonly autoResolve: AutoResolveMode;
  /** The alert's incident as it stands. */
  readonly incident: IncidentStanding;
};

/**
 * Pure. `recorded`: what the group appended for a resolved alert of an incident. Once the last of
 * the incident's alerts resolved, the integration's autoResolve resolves or mitigates it (a
 * potential incident is dismissed), or leaves it open. An incident a person has moved on
 * meanwhile (resolved by hand, say) is left as it is.
 */
export function decideAutoResolve(
  recorded: readonly AlertGroupEvent[],
  facts: AutoResolveFacts,
): AlertResolution {
  const last = recorded[0];
  if (last?.type !== 'GroupAlertResolved' || !last.data.allResolved) {
    return { reason: 'alert resolved; other alerts of the incident still fire', settle: null };
  }
  const summary = `All alerts resolved: ${last.data.resolvedDedupKeys.join(', ')}`.slice(0, 2000);
  const mode = facts.autoResolve;
  if (mode === 'none') return { reason: `${summary}; left open (autoResolve none)`, settle: null };
  const type = settlementOf(mode, facts.incident);
  return {
    reason: `${summary}; incident ${mode === 'resolve' ? 'resolved' : 'mitigated'}`,
    settle: type && { type, incidentId: last.data.incidentId, summary },
  };
}

function settlementOf(
  mode: 'mitigate' | 'resolve',
  incident: IncidentStanding,
): Settlement['type'] | null {
  const status = incident.status;
  if (status === 'triage') return 'DismissPotentialIncident';
  if (mode === 'mitigate' && status === 'investigating') return 'MitigateIncident';
  if (mode === 'resolve' && (status === 'investigating' || status === 'mitigated')) {
    return 'ResolveIncident';
  }
  return null;
}
