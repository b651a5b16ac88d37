import { randomUUID } from 'node:crypto';
import {
  WrongExpectedVersionError,
  type EventMetadata,
  type EventStore,
} from '@sitrep/event-store';
import {
  decide,
  foldIncident,
  type IncidentCommand,
  type IncidentEvent,
  type IncidentState,
} from '../../domain';
import { IncidentVersionMismatchError } from './incident-errors';
import { incidentStreamId } from './incident-stream';

export const MAX_CONFLICT_RETRIES = 5;

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

/**
 * The command handler's whole job: read the stream, fold, decide, append with the version it read.
 * A concurrent writer makes the append fail; then it reloads and decides again (bounded), unless
 * the caller pinned a version with If-Match, which is then simply stale.
 */
export async function runIncidentCommand(
  store: EventStore,
  incidentId: string,
  command: (state: IncidentState) => IncidentCommand,
  options: RunOptions,
): Promise<CommandOutcome> {
  const streamId = incidentStreamId(incidentId);
  for (let attempt = 1; ; attempt++) {
    const recorded = await store.readStream(streamId);
    const version = recorded.length;
    if (options.expectedVersion !== undefined && options.expectedVersion !== version) {
      throw new IncidentVersionMismatchError(incidentId, options.expectedVersion, version);
    }
    const state = foldIncident(
      recorded.map((e) => ({ type: e.type, data: e.data }) as IncidentEvent),
    );
    const events = decide(command(state), state);
    if (events.length === 0) return { incidentId, version, events, lastGlobalPosition: null };
    try {
      const result = await store.append(
        streamId,
        events.map((e) => ({
          eventId: randomUUID(),
          type: e.type,
          data: e.data as unknown as Record<string, unknown>,
          metadata: options.metadata,
        })),
        version === 0 ? 'no-stream' : version,
      );
      return {
        incidentId,
        version: result.nextExpectedVersion,
        events,
        lastGlobalPosition: result.lastGlobalPosition,
      };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      if (options.expectedVersion !== undefined) {
        throw new IncidentVersionMismatchError(incidentId, options.expectedVersion, error.actual);
      }
      if (attempt >= MAX_CONFLICT_RETRIES) throw error;
    }
  }
}
