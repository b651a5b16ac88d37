import type { EventBus } from '@nestjs/cqrs';
import type { Clock } from '@sitrep/platform';
import type { EventStore, RecordedEvent } from '@sitrep/event-store';
import { EventsAppended } from '@sitrep/messaging';
import { metadataOf, type CommandContext } from './command-context';
import { runStreamCommand, type StreamDecider, type StreamOutcome } from './run-stream-command';

/** Builds the domain command from the time of the request and what the stream holds. */
export type CommandFactory<C, S> = (now: string, state: S, recorded: readonly RecordedEvent[]) => C;

/**
 * What every stream's command runner shares: the store, the clock (read once per request, so a
 * retry decides with the same time), and the local wake-up after commit.
 */
export abstract class StreamCommandRunner {
  protected constructor(
    protected readonly store: EventStore,
    protected readonly clock: Clock,
    private readonly eventBus: EventBus,
  ) {}

  protected async runOn<C, E extends { type: string; data: object }, S>(
    streamId: string,
    decider: StreamDecider<C, E, S>,
    command: CommandFactory<C, S>,
    context: CommandContext,
    stale: (expected: number, actual: number) => Error,
  ): Promise<StreamOutcome<E>> {
    const now = this.clock.now().toISOString();
    const outcome = await runStreamCommand(
      this.store,
      streamId,
      decider,
      (state, recorded) => command(now, state, recorded),
      { metadata: metadataOf(context), expectedVersion: context.expectedVersion, stale },
    );
    if (outcome.lastGlobalPosition !== null) {
      this.eventBus.publish(new EventsAppended(outcome.lastGlobalPosition));
    }
    return outcome;
  }

  protected async fold<C, E, S>(streamId: string, decider: StreamDecider<C, E, S>) {
    const recorded = await this.store.readStream(streamId);
    const state = recorded
      .map((e) => ({ type: e.type, data: e.data }) as unknown as E)
      .reduce(decider.evolve, decider.initialState());
    return { state, recorded, version: recorded.length };
  }
}
