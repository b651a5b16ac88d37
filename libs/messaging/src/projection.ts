import type { Sql } from '@sitrep/platform';
import type { RecordedEvent } from '@sitrep/event-store';

/**
 * A read model kept from the event log. `apply` runs inside the transaction that also moves the
 * projection's bookkeeping, and must be idempotent: every row remembers the last stream position it
 * applied and ignores anything at or below it, so a redelivered or replayed event changes nothing.
 */
export interface Projection {
  readonly name: string;
  /** The read-model tables this projection owns (rebuilds write fresh copies of these). */
  readonly tables: readonly string[];
  /** Whether this projection reads the event at all (by stream category and type). */
  handles(event: RecordedEvent): boolean;
  apply(tx: Sql, event: RecordedEvent): Promise<void>;
}

export const PROJECTIONS = Symbol('sitrep.projections');
