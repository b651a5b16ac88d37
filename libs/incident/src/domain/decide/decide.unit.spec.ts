import { DeciderSpecification } from '@sitrep/testing';
import type { IncidentCommand } from '../incident.commands';
import { IncidentDomainError, IncidentErrorCode } from '../incident.errors';
import { incidentDecider } from '../incident.decider';
import type { IncidentEvent } from '../incident.events';
import {
  acknowledgeIncidentCommand,
  declareIncidentCommand,
  incidentAcknowledged,
  incidentDeclared,
  incidentResolved,
  resolveIncidentCommand,
} from '../testing/incident.fixtures';
import { evolve, foldIncident, initialState } from '../incident.state';
import { decide } from './decide';

const spec = DeciderSpecification.for(incidentDecider);

const cases: [string, IncidentEvent[], IncidentCommand][] = [
  ['declaring', [], declareIncidentCommand()],
  ['acknowledging', [incidentDeclared()], acknowledgeIncidentCommand()],
  [
    'acknowledging again',
    [incidentDeclared(), incidentAcknowledged()],
    acknowledgeIncidentCommand(),
  ],
  ['resolving', [incidentDeclared(), incidentAcknowledged()], resolveIncidentCommand()],
];

describe('decide', () => {
  describe('whatever the state', () => {
    it.each(cases)(
      '%s decides the same events every time for the same input',
      (_, given, command) => {
        const state = foldIncident(given);
        expect(decide(command, state)).toEqual(decide(command, state));
        expect(decide(command, foldIncident(given))).toEqual(decide(command, state));
      },
    );

    it.each(cases)('%s does not change the command or the state', (_, given, command) => {
      const state = foldIncident(given);
      const before = JSON.stringify([command, state]);
      decide(command, state);
      expect(JSON.stringify([command, state])).toBe(before);
    });

    it.each(cases)('%s decides events that survive a JSON round trip', (_, given, command) => {
      const events = decide(command, foldIncident(given));
      expect(JSON.parse(JSON.stringify(events))).toEqual(events);
    });

    it('a command of an unknown type is refused with INCIDENT.INVALID_COMMAND', () => {
      spec
        .given([])
        .when({ type: 'ArchiveIncident', data: {} } as unknown as IncidentCommand)
        .thenThrows(
          IncidentDomainError,
          (error) =>
            error.code === IncidentErrorCode.INVALID_COMMAND && error.details?.field === 'type',
        );
    });
  });

  describe("over an incident's whole life", () => {
    it('each decision, folded in, allows the next', () => {
      const commands: IncidentCommand[] = [
        declareIncidentCommand(),
        acknowledgeIncidentCommand(),
        acknowledgeIncidentCommand({ acknowledgedBy: 'carol' }),
        resolveIncidentCommand(),
      ];
      let state = initialState();
      const history: IncidentEvent[] = [];
      for (const command of commands) {
        const events = decide(command, state);
        history.push(...events);
        state = events.reduce(evolve, state);
      }
      expect(history).toEqual([incidentDeclared(), incidentAcknowledged(), incidentResolved()]);
      expect(state.status).toBe('resolved');
    });
  });
});
