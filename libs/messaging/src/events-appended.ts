/**
 * In-process notice (on the @nestjs/cqrs EventBus) that a command durably appended events up to
 * `lastGlobalPosition`. It is published only after the commit, and only wakes local readers of the
 * log early; nothing depends on receiving it.
 */
export class EventsAppended {
  constructor(readonly lastGlobalPosition: number) {}
}

/**
 * How long a command's answer waits, at most, for its events to reach the read models. Usually
 * tens of milliseconds. A command answers once its events are committed: the wait is a courtesy
 * to a client that reads next, so it is short, and the runners skip it altogether where the read
 * models cannot catch up soon (Kafka unreachable, a partition owned by another process).
 */
export const READ_YOUR_WRITES_TIMEOUT_MS = 500;

export interface ProjectedWait {
  /**
   * The stream the event at the position belongs to: read models that never see that stream
   * (those kept from another share of the log) then do not hold the answer up.
   */
  streamId?: string;
  /** READ_YOUR_WRITES_TIMEOUT_MS unless said. */
  timeoutMs?: number;
}

/** Lets a request wait (briefly) until its own events are in the read models. */
export interface ReadYourWrites {
  waitUntilProjected(globalPosition: number, wait?: ProjectedWait): Promise<boolean>;
}

export const READ_YOUR_WRITES = Symbol('sitrep.read-your-writes');
