import type { Validators } from './validation';

/** Who the notify step reaches, and how; `channel` names a notification channel (email, sms...). */
export type Contact = {
  readonly name: string;
  readonly channel: string;
  readonly address: string;
};

/** The numbers of the standing process a response plan sets, in minutes. */
export type PlanTerms = {
  readonly investigationMinutes: number;
  readonly huddleMinutes: number;
  readonly internalUpdateMinutes: number;
  readonly customerUpdateMinutes: number;
};

/**
 * The plan an incident runs under, as recorded in its events: which plan, which version, and the
 * numbers that version set (copied, so the incident replays the same way after the plan changes).
 */
export type PlanReference = PlanTerms & {
  readonly planId: string;
  readonly version: number;
};

/** What a handler loads from the response plan and passes in with the command. */
export type PlanInForce = PlanReference & { readonly contacts: readonly Contact[] };

/** The standing process: investigate 30 minutes, huddle 5; update inside 30, customers hourly. */
export const defaultPlanTerms: PlanTerms = Object.freeze({
  investigationMinutes: 30,
  huddleMinutes: 5,
  internalUpdateMinutes: 30,
  customerUpdateMinutes: 60,
});

export const planTermsLimits = {
  maxMinutes: 24 * 60,
  maxContacts: 100,
  contactNameMaxLength: 200,
  channelMaxLength: 50,
  addressMaxLength: 500,
  planIdMaxLength: 200,
} as const;

const minutes = { min: 1, max: planTermsLimits.maxMinutes };

export function validPlanTerms(v: Validators, field: string, data: PlanTerms): PlanTerms {
  const at = (name: string) => (field === '' ? name : `${field}.${name}`);
  return {
    investigationMinutes: v.wholeNumber(
      at('investigationMinutes'),
      data.investigationMinutes,
      minutes,
    ),
    huddleMinutes: v.wholeNumber(at('huddleMinutes'), data.huddleMinutes, minutes),
    internalUpdateMinutes: v.wholeNumber(
      at('internalUpdateMinutes'),
      data.internalUpdateMinutes,
      minutes,
    ),
    customerUpdateMinutes: v.wholeNumber(
      at('customerUpdateMinutes'),
      data.customerUpdateMinutes,
      minutes,
    ),
  };
}

export function validContacts(v: Validators, field: string, value: unknown): Contact[] {
  const limits = planTermsLimits;
  return v.list(field, value, limits.maxContacts, (itemField, item) => {
    const contact = (typeof item === 'object' && item !== null ? item : {}) as Partial<Contact>;
    return {
      name: v.requiredText(`${itemField}.name`, contact.name, {
        min: 1,
        max: limits.contactNameMaxLength,
      }),
      channel: v.requiredText(`${itemField}.channel`, contact.channel, {
        min: 1,
        max: limits.channelMaxLength,
      }),
      address: v.requiredText(`${itemField}.address`, contact.address, {
        min: 1,
        max: limits.addressMaxLength,
      }),
    };
  });
}

export function validPlanReference(
  v: Validators,
  field: string,
  data: PlanReference,
): PlanReference {
  if (typeof data !== 'object' || data === null) throw v.invalid(field, 'must be an object');
  return {
    planId: v.requiredId(`${field}.planId`, data.planId),
    version: v.wholeNumber(`${field}.version`, data.version, {
      min: 1,
      max: Number.MAX_SAFE_INTEGER,
    }),
    ...validPlanTerms(v, field, data),
  };
}

export function validPlanInForce(v: Validators, field: string, data: PlanInForce): PlanInForce {
  return {
    ...validPlanReference(v, field, data),
    contacts: validContacts(v, `${field}.contacts`, data.contacts),
  };
}
