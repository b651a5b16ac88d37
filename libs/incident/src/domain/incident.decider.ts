import type { IncidentCommand } from './incident.commands';
import type { IncidentEvent } from './incident.events';
import { evolve, initialState, type IncidentState } from './incident.state';
import { decide } from './decide/decide';

export type IncidentDecider = {
  readonly decide: (command: IncidentCommand, state: IncidentState) => IncidentEvent[];
  readonly evolve: (state: IncidentState, event: IncidentEvent) => IncidentState;
  readonly initialState: () => IncidentState;
};

/** The three functions a command handler (or a test) needs, as one value. */
export const incidentDecider: IncidentDecider = { decide, evolve, initialState };
