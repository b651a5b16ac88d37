import type { ExpectedVersion } from './event-store.types';

/** Someone else appended to the stream first; command handlers reload and retry. */
export class WrongExpectedVersionError extends Error {
  readonly code = 'EVENT_STORE.WRONG_EXPECTED_VERSION';
  constructor(
    readonly streamId: string,
    /** 'any' only when a concurrent append took the same position inside the caller's transaction. */
    readonly expected: ExpectedVersion,
    /** The stream's version once the conflicting append had committed. */
    readonly actual: number,
  ) {
    super(`Stream ${streamId} is at version ${actual}, expected ${expected}`);
    this.name = 'WrongExpectedVersionError';
  }
}
