/*
 * An incident as the alert rules see it, read from its stream by the pipeline: the incident lib's
 * IncidentState fits this shape, and the domain imports nothing outside domain/.
 */

export type IncidentStanding =
  | {
      readonly status: 'none' | 'triage' | 'investigating' | 'mitigated' | 'closed' | 'dismissed';
    }
  | { readonly status: 'resolved'; readonly resolution: { readonly at: string } };

const OPEN: readonly IncidentStanding['status'][] = [
  'none',
  'triage',
  'investigating',
  'mitigated',
];

/** Not yet opened (another delivery is opening it), in triage, investigating or mitigated. */
export function isOpen(incident: IncidentStanding): boolean {
  return OPEN.includes(incident.status);
}
