/**
 * A stream kind's rules as three pure functions (after Emmett's and Jérémie Chassaing's Decider):
 * every stream kind (incidents, response plans, alerts, alert groups, and the libs to come) is
 * one value of this type, run by the one command runner (@sitrep/messaging's CommandRunner) or,
 * in a batch, by the alert processor's session, which runs the same value the same way.
 *
 * `decide` is synchronous and total: time and ids come in with the command (the runner reads the
 * clock once per request), so a retried command decides exactly as it did the first time. `[]`
 * means the outcome already holds.
 */
export interface Decider<Command, Event, State> {
  readonly decide: (command: Command, state: State) => Event[];
  readonly evolve: (state: State, event: Event) => State;
  /** A new state each time: a caller may change what it gets (the alert group's session does). */
  readonly initialState: () => State;
}

/** The state a stream's events fold to, from the decider's initial state. */
export function foldEvents<C, E, S>(decider: Decider<C, E, S>, events: Iterable<E>): S {
  let state = decider.initialState();
  for (const event of events) state = decider.evolve(state, event);
  return state;
}
