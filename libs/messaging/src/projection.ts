import type { Sql } from '@sitrep/platform';
import type { RecordedEvent } from '@sitrep/event-store';
import type { TopicRoute } from './kafka/kafka-topics';

/**
 * A read-model table. Queries read `name`, a view over the current physical copy; a rebuild fills
 * a fresh physical copy beside the live one and then points the view at it.
 */
export interface ReadModelTable {
  readonly name: string;
  /** DDL for one physical copy called `physical` (the table and its indexes). */
  create(physical: string): string[];
}

/** For one application of a projection: the physical table behind each of its read-model tables. */
export type TableNames = Readonly<Record<string, string>>;

/**
 * A read model kept from the event log. `applyBatch` runs inside the transaction that also moves
 * the projection's bookkeeping, and must be idempotent: every row remembers the last stream
 * position it applied and ignores anything at or below it, so a redelivered or replayed event
 * changes nothing. Events come in log order; each stream's events in stream order.
 */
export interface Projection {
  readonly name: string;
  readonly tables: readonly ReadModelTable[];
  /**
   * True when every event becomes its own row and none depends on another (insert-only, keyed by
   * event): pages may then be written concurrently, e.g. by a rebuild.
   */
  readonly orderIndependent?: boolean;
  /**
   * On Kafka, the share of the log it reads from its own topic (absent: the events topic). Every
   * event it handles must be in that share.
   */
  readonly route?: TopicRoute;
  /**
   * Whether this projection reads the event at all, from its stream and type alone: a Kafka
   * consumer asks before decoding the message (from its key and ce_type header) and skips the rest.
   */
  handles(event: Pick<RecordedEvent, 'streamId' | 'type'>): boolean;
  applyBatch(tx: Sql, events: readonly RecordedEvent[], tables: TableNames): Promise<void>;
}

export const PROJECTIONS = Symbol('sitrep.projections');
