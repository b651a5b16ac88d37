import { randomUUID } from 'node:crypto';
import {
  WrongExpectedVersionError,
  type EventMetadata,
  type EventStore,
} from '@sitrep/event-store';

/** Alertmanager replicas and retries pile onto one alert stream; each conflict is one winner. */
export const ALERT_CONFLICT_RETRIES = 100;

export interface AlertStreamDecider<C, E, S> {
  decide: (command: C, state: S) => E[];
  evolve: (state: S, event: E) => S;
  initialState: () => S;
}

/**
 * Read, fold, decide, append with the version read; on a version conflict reload and decide again
 * (bounded, with a short jittered pause so the losers spread out). Returns the state after.
 */
export async function runOnStream<C, E extends { type: string; data: object }, S>(
  store: EventStore,
  streamId: string,
  decider: AlertStreamDecider<C, E, S>,
  command: (state: S) => C,
  metadata: EventMetadata,
): Promise<{ events: E[]; state: S }> {
  for (let attempt = 1; ; attempt++) {
    const recorded = await store.readStream(streamId);
    const state = recorded
      .map((e) => ({ type: e.type, data: e.data }) as unknown as E)
      .reduce(decider.evolve, decider.initialState());
    const events = decider.decide(command(state), state);
    if (events.length === 0) return { events, state };
    try {
      await store.append(
        streamId,
        events.map((e) => ({
          eventId: randomUUID(),
          type: e.type,
          data: e.data as Record<string, unknown>,
          metadata,
        })),
        recorded.length === 0 ? 'no-stream' : recorded.length,
      );
      return { events, state: events.reduce(decider.evolve, state) };
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError) || attempt >= ALERT_CONFLICT_RETRIES) {
        throw error;
      }
      await new Promise((resolve) =>
        setTimeout(resolve, Math.random() * Math.min(attempt, 10) * 2),
      );
    }
  }
}
