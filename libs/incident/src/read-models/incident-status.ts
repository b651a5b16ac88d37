import type { IncidentStatus } from '../domain';

/** The statuses an incident shows in the read models (the domain's `none` is "no incident"). */
export type IncidentReadStatus = Exclude<IncidentStatus, 'none'>;

// A Record, so that a status added to the domain's state union without a place here fails to compile.
const listed: Record<IncidentReadStatus, true> = {
  triage: true,
  investigating: true,
  mitigated: true,
  resolved: true,
  closed: true,
  dismissed: true,
};

export const incidentStatuses = Object.freeze(
  Object.keys(listed) as IncidentReadStatus[],
) as readonly IncidentReadStatus[];

/** Being handled: potential or declared, not yet resolved. The board shows these. */
export const openStatuses: readonly IncidentReadStatus[] = ['triage', 'investigating', 'mitigated'];

/** Declared and being worked: the huddle rhythm and the update cadence run. */
export function isActive(status: string): boolean {
  return status === 'investigating' || status === 'mitigated';
}

/** Not closed or dismissed: actions are still tracked (wash-up follow-ups are added after resolution). */
export function isWorking(status: string): boolean {
  return status !== 'closed' && status !== 'dismissed';
}
