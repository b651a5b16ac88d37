/** The words of the standing process that commands and events share. Never rename a value. */

export const roles = ['commander', 'communications-lead', 'scribe', 'investigator'] as const;
export type Role = (typeof roles)[number];

/** One person at a time holds these; assigning someone else is a handover. */
export type SingleHolderRole = Exclude<Role, 'investigator'>;

export const decisionKinds = [
  'investigate-further',
  'urgent-mitigation',
  'communicate-externally',
  'escalate',
  'other',
] as const;
export type DecisionKind = (typeof decisionKinds)[number];

export const updateAudiences = ['internal', 'stakeholders'] as const;
export type UpdateAudience = (typeof updateAudiences)[number];
