import type { StreamKind } from '@sitrep/messaging';
import {
  incidentDecider,
  type IncidentCommand,
  type IncidentEvent,
  type IncidentState,
} from '../../domain';
import { IncidentVersionMismatchError } from './incident-errors';
import { incidentStreamId } from '../../incident-stream';

/** Incidents, as the CommandRunner runs them: `runner.run(incidentStreams, incidentId, ...)`. */
export const incidentStreams: StreamKind<IncidentCommand, IncidentEvent, IncidentState> = {
  decider: incidentDecider,
  streamId: incidentStreamId,
  versionMismatch: (incidentId, expected, actual) =>
    new IncidentVersionMismatchError(incidentId, expected, actual),
};
