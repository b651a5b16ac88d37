import type { Decider } from '@sitrep/domain';
import type { IncidentCommand } from './incident.commands';
import type { IncidentEvent } from './incident.events';
import { evolve, initialState, type IncidentState } from './incident.state';
import { decide } from './decide/decide';

/**
 * The incident's rules as one value: the command runner runs it for HTTP requests and timers, the
 * alert processor's session for alerts, so a rule holds the same way whoever asks.
 */
export const incidentDecider = {
  decide,
  evolve,
  initialState,
} satisfies Decider<IncidentCommand, IncidentEvent, IncidentState>;
