/**
 * What the alert processor's session may do with a stream kind beyond running its Decider: the
 * kind says so beside its decider value (alertDecider, alertGroupDecider), so the session runs the
 * one value every other caller runs. A kind that says nothing (the incident's) is run as a stream
 * others write too: the session brings what it remembers of it up to date once per batch.
 */
export interface StreamOptions<E, S> {
  /** Two events about to be appended one after the other, as one (null: keep both). */
  readonly coalesce?: (earlier: E, later: E) => E | null;
  /**
   * For states that grow (a group's open incidents): evolve's change made to the state itself, so
   * an event costs the same whatever the state's size (evolve copies). The session takes such a
   * state out of the remembered ones when it loads it and puts it back on commit, so a dropped
   * session leaves no half-changed state behind: its streams are read again next time.
   */
  readonly applyInPlace?: (state: S, event: E) => void;
  /**
   * For streams that grow long (only for streams nobody else writes): a snapshot of the state
   * (plain JSON) is saved with the appends once `every` events were appended since the last, and
   * a session with nothing in memory starts from it. `schema` names the state's shape; change it
   * with the shape.
   */
  readonly snapshot?: { readonly schema: string; readonly every: number };
  /**
   * Only the alert processor writes these streams, so what it remembers of them is current and
   * is used without reading the log.
   */
  readonly soleWriter?: boolean;
}
