import type { Decider } from '@sitrep/domain';

/**
 * One kind of stream as the command runner runs it: its Decider, how an id the API speaks names
 * its stream, and the error a stale If-Match becomes (each kind has its own 412 code). Declared
 * once per kind, beside its stream naming (incidentStreams, responsePlanStreams).
 */
export interface StreamKind<Command, Event, State> {
  readonly decider: Decider<Command, Event, State>;
  /** `incident-<uuid>` for the uuid the API speaks. */
  readonly streamId: (id: string) => string;
  readonly versionMismatch: (id: string, expected: number, actual: number) => Error;
}
