import type { EventMetadata, EventStore } from '@sitrep/event-store';
import {
  incidentDecider,
  type IncidentCommand,
  type IncidentEvent,
  type IncidentState,
} from '../../domain';
import { IncidentVersionMismatchError } from './incident-errors';
import { incidentStreamId } from './incident-stream';
import { runStreamCommand } from './run-stream-command';

export { MAX_CONFLICT_RETRIES } from './run-stream-command';

export interface CommandOutcome {
  incidentId: string;
  /** The stream's version after the command (unchanged when it decided nothing). */
  version: number;
  events: IncidentEvent[];
  lastGlobalPosition: number | null;
}

export interface RunOptions {
  /** From If-Match: refuse unless the incident is at exactly this version. */
  expectedVersion?: number;
  metadata: EventMetadata;
}

/** Runs one incident command on `incident-<id>` (see runStreamCommand for the retry rules). */
export async function runIncidentCommand(
  store: EventStore,
  incidentId: string,
  command: (state: IncidentState) => IncidentCommand,
  options: RunOptions,
): Promise<CommandOutcome> {
  const outcome = await runStreamCommand(
    store,
    incidentStreamId(incidentId),
    incidentDecider,
    command,
    {
      ...options,
      stale: (expected, actual) => new IncidentVersionMismatchError(incidentId, expected, actual),
    },
  );
  return { incidentId, ...outcome };
}
