import { validContacts, validPlanTerms } from '../shared/plan-terms';
import { createValidators } from '../shared/validation';
import type {
  CreateResponsePlan,
  ResponsePlanCommand,
  RetireResponsePlan,
  ReviseResponsePlan,
} from './response-plan.commands';
import { responsePlanErrors } from './response-plan.errors';
import type {
  ResponsePlanCreated,
  ResponsePlanEvent,
  ResponsePlanRetired,
  ResponsePlanRevised,
} from './response-plan.events';
import type { ResponsePlanState, ResponsePlanVersion } from './response-plan.state';

const v = createValidators(responsePlanErrors.invalidCommand);

export const responsePlanLimits = { nameMaxLength: 200, reasonMaxLength: 2_000 } as const;

/** Pure: time and ids come in with the command. `[]` means the outcome already holds. */
export function decideResponsePlan(
  command: ResponsePlanCommand,
  state: ResponsePlanState,
): ResponsePlanEvent[] {
  switch (command.type) {
    case 'CreateResponsePlan':
      return createResponsePlan(command, state);
    case 'ReviseResponsePlan':
      return reviseResponsePlan(command, state);
    case 'RetireResponsePlan':
      return retireResponsePlan(command, state);
    default:
      throw unknownCommand(command);
  }
}

function createResponsePlan(
  command: CreateResponsePlan,
  state: ResponsePlanState,
): ResponsePlanCreated[] {
  const { data } = command;
  const content = validContent(data);
  const createdBy = v.requiredId('createdBy', data.createdBy);
  const createdAt = v.isoTime('createdAt', data.createdAt);
  if (state.status !== 'none') throw responsePlanErrors.alreadyExists(content.planId);
  return [{ type: 'ResponsePlanCreated', data: { ...content, version: 1, createdBy, createdAt } }];
}

function reviseResponsePlan(
  command: ReviseResponsePlan,
  state: ResponsePlanState,
): ResponsePlanRevised[] {
  const { data } = command;
  const content = validContent(data);
  const reason = v.optionalText('reason', data.reason, responsePlanLimits.reasonMaxLength);
  const revisedBy = v.requiredId('revisedBy', data.revisedBy);
  const revisedAt = v.isoTime('revisedAt', data.revisedAt);
  const current = requireActive(state, content.planId);
  // A resubmitted form is not a new version: incidents would record versions that differ in nothing.
  if (sameContent(current, content)) return [];
  const version = current.version + 1;
  const revision = { ...content, version, revisedBy, revisedAt };
  return [
    {
      type: 'ResponsePlanRevised',
      data: reason === undefined ? revision : { ...revision, reason },
    },
  ];
}

function retireResponsePlan(
  command: RetireResponsePlan,
  state: ResponsePlanState,
): ResponsePlanRetired[] {
  const { data } = command;
  const planId = v.requiredId('planId', data.planId);
  const reason = v.optionalText('reason', data.reason, responsePlanLimits.reasonMaxLength);
  const retiredBy = v.requiredId('retiredBy', data.retiredBy);
  const retiredAt = v.isoTime('retiredAt', data.retiredAt);
  if (state.status === 'retired') return [];
  const { version } = requireActive(state, planId);
  const retirement = { planId, version, retiredBy, retiredAt };
  return [
    {
      type: 'ResponsePlanRetired',
      data: reason === undefined ? retirement : { ...retirement, reason },
    },
  ];
}

function validContent(data: Omit<CreateResponsePlan['data'], 'createdBy' | 'createdAt'>) {
  return {
    planId: v.requiredId('planId', data.planId),
    name: v.requiredText('name', data.name, { min: 1, max: responsePlanLimits.nameMaxLength }),
    contacts: validContacts(v, 'contacts', data.contacts),
    ...validPlanTerms(v, '', data),
  };
}

type Content = Omit<ResponsePlanVersion, 'version'>;

// Field by field: a state folded from stored JSON need not keep the keys in the same order.
function sameContent(a: Content, b: Content): boolean {
  const sameContacts =
    a.contacts.length === b.contacts.length &&
    a.contacts.every(
      (c, i) =>
        c.name === b.contacts[i]?.name &&
        c.channel === b.contacts[i]?.channel &&
        c.address === b.contacts[i]?.address,
    );
  return (
    sameContacts &&
    a.name === b.name &&
    a.investigationMinutes === b.investigationMinutes &&
    a.huddleMinutes === b.huddleMinutes &&
    a.internalUpdateMinutes === b.internalUpdateMinutes &&
    a.customerUpdateMinutes === b.customerUpdateMinutes
  );
}

function requireActive(state: ResponsePlanState, planId: string) {
  if (state.status === 'none') throw responsePlanErrors.notFound(planId);
  if (state.planId !== planId) {
    throw responsePlanErrors.invalidCommand(
      'planId',
      `does not match response plan ${state.planId}`,
    );
  }
  if (state.status === 'retired') throw responsePlanErrors.retired(planId, state.retiredAt);
  return state;
}

function unknownCommand(command: never) {
  const type = (command as { type?: unknown } | null)?.type;
  return responsePlanErrors.invalidCommand(
    'type',
    `is not a response plan command: ${String(type)}`,
  );
}
