import { DeciderSpecification } from '@sitrep/testing';
import type { CreateResponsePlan } from './response-plan.commands';
import { responsePlanDecider } from './response-plan.decider';
import { ResponsePlanDomainError, ResponsePlanErrorCode } from './response-plan.errors';
import type { ResponsePlanCreated } from './response-plan.events';
import { foldResponsePlan, planInForce } from './response-plan.state';

const spec = DeciderSpecification.for(responsePlanDecider);

const content = {
  planId: 'standard',
  name: 'Standard response',
  contacts: [{ name: 'On-call SRE', channel: 'sms', address: '+441234567890' }],
  investigationMinutes: 30,
  huddleMinutes: 5,
  internalUpdateMinutes: 30,
  customerUpdateMinutes: 60,
};
const create = (data: Partial<CreateResponsePlan['data']> = {}): CreateResponsePlan => ({
  type: 'CreateResponsePlan',
  data: { ...content, createdBy: 'alice', createdAt: '2024-04-01T10:00:00.000Z', ...data },
});
const created: ResponsePlanCreated = {
  type: 'ResponsePlanCreated',
  data: { ...content, version: 1, createdBy: 'alice', createdAt: '2024-04-01T10:00:00.000Z' },
};
const revise = (data: Partial<typeof content> = {}) => ({
  type: 'ReviseResponsePlan' as const,
  data: { ...content, revisedBy: 'bob', revisedAt: '2024-04-02T10:00:00.000Z', ...data },
});
const retire = {
  type: 'RetireResponsePlan' as const,
  data: { planId: 'standard', retiredBy: 'bob', retiredAt: '2024-04-03T10:00:00.000Z' },
};
const retired = { type: 'ResponsePlanRetired' as const, data: { ...retire.data, version: 1 } };

describe('response plan', () => {
  describe('when no plan exists', () => {
    it('creating one records version 1', () => {
      spec.given([]).when(create()).then([created]);
    });

    it.each([
      ['zero huddle minutes', { huddleMinutes: 0 }, 'huddleMinutes'],
      [
        'more than 24 hours of investigation',
        { investigationMinutes: 1441 },
        'investigationMinutes',
      ],
      ['fractional minutes', { customerUpdateMinutes: 1.5 }, 'customerUpdateMinutes'],
      ['more than 100 contacts', { contacts: Array(101).fill(content.contacts[0]) }, 'contacts'],
    ])('%s is refused with RESPONSE_PLAN.INVALID_COMMAND', (_, data, field) => {
      spec
        .given([])
        .when(create(data))
        .thenThrows(
          ResponsePlanDomainError,
          (e) => e.code === ResponsePlanErrorCode.INVALID_COMMAND && e.details?.field === field,
        );
    });

    it('revising it is refused with RESPONSE_PLAN.NOT_FOUND', () => {
      spec
        .given([])
        .when(revise())
        .thenThrows(ResponsePlanDomainError, ResponsePlanErrorCode.NOT_FOUND);
    });
  });

  describe('when the plan is active', () => {
    it('creating it again is refused with RESPONSE_PLAN.ALREADY_EXISTS', () => {
      spec
        .given([created])
        .when(create())
        .thenThrows(ResponsePlanDomainError, ResponsePlanErrorCode.ALREADY_EXISTS);
    });

    it('revising it records the next version, complete', () => {
      spec
        .given([created])
        .when(revise({ huddleMinutes: 10 }))
        .then([
          {
            type: 'ResponsePlanRevised',
            data: {
              ...content,
              huddleMinutes: 10,
              version: 2,
              revisedBy: 'bob',
              revisedAt: '2024-04-02T10:00:00.000Z',
            },
          },
        ]);
    });

    it('a revision that changes nothing records nothing', () => {
      spec.given([created]).when(revise()).thenNothing();
    });

    it('it is the plan in force, with its contacts', () => {
      const { name: _name, ...inForce } = { ...content, version: 1 };
      expect(planInForce(foldResponsePlan([created]))).toEqual(inForce);
    });
  });

  describe('when the plan is retired', () => {
    it('retiring it again changes nothing', () => {
      spec.given([created, retired]).when(retire).thenNothing();
    });

    it('revising it is refused with RESPONSE_PLAN.RETIRED', () => {
      spec
        .given([created, retired])
        .when(revise())
        .thenThrows(ResponsePlanDomainError, ResponsePlanErrorCode.RETIRED);
    });

    it('no incident can run under it', () => {
      expect(planInForce(foldResponsePlan([created, retired]))).toBeNull();
    });
  });
});
