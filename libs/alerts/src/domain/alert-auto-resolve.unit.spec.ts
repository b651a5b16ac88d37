import {
  decideAutoResolve,
  type AlertResolution,
  type AutoResolveMode,
} from './alert-auto-resolve.decide';
import type { AlertGroupEvent } from './alert-group.events';
import type { IncidentStanding } from './incident-standing';

const incidentId = '11111111-1111-4111-8111-111111111111';

/** Given the incident as it stands and the integration's mode, when the group recorded… */
function given(incident: IncidentStanding, autoResolve: AutoResolveMode) {
  return {
    when: (recorded: readonly AlertGroupEvent[]) => ({
      then: (expected: AlertResolution) =>
        expect(decideAutoResolve(recorded, { autoResolve, incident })).toEqual(expected),
    }),
  };
}

const groupResolved = (allResolved: boolean, keys: string[] = []): AlertGroupEvent => ({
  type: 'GroupAlertResolved',
  data: {
    integrationId: 'int-1',
    service: 'checkout',
    incidentId,
    dedupKey: keys.at(-1) ?? 'A',
    at: '2026-01-01T10:30:00.000Z',
    allResolved,
    resolvedDedupKeys: keys,
  },
});
const lastResolved = groupResolved(true, ['A', 'B']);
const summary = 'All alerts resolved: A, B';

const investigating: IncidentStanding = { status: 'investigating' };
const mitigated: IncidentStanding = { status: 'mitigated' };
const triage: IncidentStanding = { status: 'triage' };

describe('auto-resolving an incident whose alerts resolve', () => {
  describe('when other alerts of the incident still fire', () => {
    const stillFiring = {
      reason: 'alert resolved; other alerts of the incident still fire',
      settle: null,
    };

    it('the incident is left as it is', () => {
      given(investigating, 'resolve')
        .when([groupResolved(false)])
        .then(stillFiring);
    });

    it('an alert the group no longer counts as firing changes nothing either', () => {
      given(investigating, 'resolve').when([]).then(stillFiring);
    });
  });

  describe('when the last alert of an investigating incident resolved', () => {
    it('autoResolve "resolve" resolves it, summing up its alerts', () => {
      given(investigating, 'resolve')
        .when([lastResolved])
        .then({
          reason: `${summary}; incident resolved`,
          settle: { type: 'ResolveIncident', incidentId, summary },
        });
    });

    it('autoResolve "mitigate" mitigates it', () => {
      given(investigating, 'mitigate')
        .when([lastResolved])
        .then({
          reason: `${summary}; incident mitigated`,
          settle: { type: 'MitigateIncident', incidentId, summary },
        });
    });

    it('autoResolve "none" leaves it open', () => {
      given(investigating, 'none')
        .when([lastResolved])
        .then({ reason: `${summary}; left open (autoResolve none)`, settle: null });
    });
  });

  describe('when the last alert of a mitigated incident resolved', () => {
    it('autoResolve "resolve" resolves it', () => {
      given(mitigated, 'resolve')
        .when([lastResolved])
        .then({
          reason: `${summary}; incident resolved`,
          settle: { type: 'ResolveIncident', incidentId, summary },
        });
    });

    it('autoResolve "mitigate" has nothing left to do', () => {
      given(mitigated, 'mitigate')
        .when([lastResolved])
        .then({ reason: `${summary}; incident mitigated`, settle: null });
    });
  });

  describe('when the last alert of a potential incident in triage resolved', () => {
    for (const mode of ['resolve', 'mitigate'] as const) {
      it(`autoResolve "${mode}" dismisses it`, () => {
        given(triage, mode)
          .when([lastResolved])
          .then({
            reason: `${summary}; incident ${mode === 'resolve' ? 'resolved' : 'mitigated'}`,
            settle: { type: 'DismissPotentialIncident', incidentId, summary },
          });
      });
    }

    it('autoResolve "none" leaves it in triage', () => {
      given(triage, 'none')
        .when([lastResolved])
        .then({ reason: `${summary}; left open (autoResolve none)`, settle: null });
    });
  });

  describe('when a person already moved the incident on', () => {
    for (const status of ['resolved', 'closed', 'dismissed'] as const) {
      it(`a ${status} incident is left as it is`, () => {
        const incident: IncidentStanding =
          status === 'resolved'
            ? { status, resolution: { at: '2026-01-01T10:20:00.000Z' } }
            : { status };
        given(incident, 'resolve')
          .when([lastResolved])
          .then({ reason: `${summary}; incident resolved`, settle: null });
      });
    }
  });

  describe('when very many alerts resolved together', () => {
    it('the summary is cut at 2,000 characters', () => {
      const keys = Array.from({ length: 400 }, (_, i) => `alert-${String(i).padStart(4, '0')}`);
      const long = `All alerts resolved: ${keys.join(', ')}`.slice(0, 2000);
      expect(long).toHaveLength(2000);
      given(investigating, 'resolve')
        .when([groupResolved(true, keys)])
        .then({
          reason: `${long}; incident resolved`,
          settle: { type: 'ResolveIncident', incidentId, summary: long },
        });
    });
  });
});
