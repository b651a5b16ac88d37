import type { IncidentEvent } from './incident.events';
import {
  incidentAcknowledged,
  incidentDeclared,
  incidentId,
  incidentResolved,
} from './testing/incident.fixtures';
import { evolve, foldIncident, initialState, type IncidentState } from './incident.state';
import { freshResponse } from './state/fresh-response';

const investigating: IncidentState = {
  status: 'investigating',
  incidentId,
  title: 'Checkout returns 502 for card payments',
  severity: 'SEV2',
  description: 'Error rate on /checkout above 20% since 09:00.',
  services: ['checkout', 'payments'],
  reportedBy: 'alice',
  declaredAt: '2024-05-01T09:00:00.000Z',
  acknowledged: null,
  confirmation: null,
  // Declared without a plan: the default plan, no timebox yet, nobody assigned or notified.
  ...freshResponse(undefined),
};

const acknowledgement = { by: 'bob', at: '2024-05-01T09:04:00.000Z' };
const resolution = {
  summary: 'Rolled back payments-gateway 4.2.0; error rate back to baseline.',
  by: 'bob',
  at: '2024-05-01T09:47:00.000Z',
};

describe('incident state', () => {
  describe('before anything happened', () => {
    it('there is no incident', () => {
      expect(initialState()).toEqual({ status: 'none' });
      expect(foldIncident([])).toEqual({ status: 'none' });
    });

    it('each call gives a fresh state', () => {
      expect(initialState()).not.toBe(initialState());
    });
  });

  describe('after the incident was declared', () => {
    it('it is investigating, unacknowledged, with what was declared', () => {
      expect(foldIncident([incidentDeclared()])).toEqual(investigating);
    });

    it('a declaration without a description has a null description', () => {
      const { description: _omitted, ...data } = incidentDeclared().data;
      expect(foldIncident([{ type: 'IncidentDeclared', data }])).toEqual({
        ...investigating,
        description: null,
      });
    });
  });

  describe('after the incident was acknowledged', () => {
    it('it is still investigating, and says who acknowledged it and when', () => {
      expect(foldIncident([incidentDeclared(), incidentAcknowledged()])).toEqual({
        ...investigating,
        acknowledged: acknowledgement,
      });
    });

    it('a later acknowledgement in the stream does not replace the first', () => {
      const later = incidentAcknowledged({
        acknowledgedBy: 'carol',
        acknowledgedAt: '2024-05-01T09:30:00.000Z',
      });
      expect(foldIncident([incidentDeclared(), incidentAcknowledged(), later])).toEqual({
        ...investigating,
        acknowledged: acknowledgement,
      });
    });
  });

  describe('after the incident was resolved', () => {
    it('it is resolved, keeps its acknowledgement and records the resolution', () => {
      expect(
        foldIncident([incidentDeclared(), incidentAcknowledged(), incidentResolved()]),
      ).toEqual({
        ...investigating,
        status: 'resolved',
        acknowledged: acknowledgement,
        resolution,
      });
    });

    it('an incident resolved without acknowledgement stays unacknowledged', () => {
      expect(foldIncident([incidentDeclared(), incidentResolved()])).toEqual({
        ...investigating,
        status: 'resolved',
        acknowledged: null,
        resolution,
      });
    });
  });

  describe('when the stream holds events that do not apply', () => {
    it('an acknowledgement or resolution before any declaration is ignored', () => {
      expect(foldIncident([incidentAcknowledged(), incidentResolved()])).toEqual({
        status: 'none',
      });
    });

    it('a second declaration does not overwrite the first', () => {
      const again = incidentDeclared({ title: 'Something else', severity: 'SEV1' });
      expect(foldIncident([incidentDeclared(), again])).toEqual(investigating);
    });

    it('an acknowledgement after resolution does not change the resolved incident', () => {
      const resolved = foldIncident([incidentDeclared(), incidentResolved()]);
      expect(evolve(resolved, incidentAcknowledged())).toBe(resolved);
    });

    it('an event type this version does not know leaves the state as it is', () => {
      const state = foldIncident([incidentDeclared()]);
      const unknown = {
        type: 'IncidentEscalatedToMars',
        data: { incidentId },
      } as unknown as IncidentEvent;
      expect(evolve(state, unknown)).toBe(state);
    });
  });

  it('evolving does not change the state it was given', () => {
    const state = Object.freeze(foldIncident([incidentDeclared()]));
    expect(() => evolve(state, incidentAcknowledged())).not.toThrow();
    expect(state.status === 'investigating' && state.acknowledged).toBeNull();
  });

  it('folding is evolving from the initial state, one event at a time', () => {
    const events = [incidentDeclared(), incidentAcknowledged(), incidentResolved()];
    expect(foldIncident(events)).toEqual(events.reduce(evolve, initialState()));
  });
});
