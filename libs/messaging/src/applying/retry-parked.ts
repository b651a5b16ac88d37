import { Logger } from '@nestjs/common';
import type { Database } from '@sitrep/platform';
import { ReadModelCatalog } from '../catalog/read-model-catalog';
import type { Projection } from '../projection';
import {
  errorText,
  ParkedEventBlockedError,
  ParkedEventNotFoundError,
  ParkedEventUnreadableError,
} from './apply-errors';
import { ParkedEvents, parkedAsEvent } from './parked-events';
import { ProjectionApplier } from './projection-applier';

export interface RetryOutcome {
  /** The retried event and the events parked behind it that now went through, in stream order. */
  applied: string[];
  /** Set when the retried event failed again (it stays parked with this error). */
  error: string | null;
  /** Events of the stream still parked afterwards. */
  stillParked: string[];
}

const logger = new Logger('ParkedEvents');

/**
 * Applies a parked event again (after its cause was fixed) and deletes it on success; then the
 * events parked behind it in its stream, in order, until one fails. Only the earliest parked event
 * of a stream can be retried: applying a later one first would be skipped by the row's position.
 */
export async function retryParked(
  database: Database,
  projection: Projection,
  eventId: string,
): Promise<RetryOutcome> {
  const parkedEvents = new ParkedEvents(database);
  const applier = new ProjectionApplier(projection, database);
  return database.transaction(async (tx) => {
    const target = await parkedEvents.get(tx, projection.name, eventId);
    if (!target) throw new ParkedEventNotFoundError(projection.name, eventId);
    if (target.streamId === null) throw new ParkedEventUnreadableError(eventId);
    const stream = await parkedEvents.lockStream(tx, projection.name, target.streamId);
    if (stream[0]?.eventId !== eventId) {
      throw new ParkedEventBlockedError(eventId, stream[0]?.eventId ?? 'unknown');
    }
    const tables = await new ReadModelCatalog().tablesFor(tx, projection);
    const outcome: RetryOutcome = { applied: [], error: null, stillParked: [] };
    for (const [index, parked] of stream.entries()) {
      const error = await applier.tryOne(tx, parkedAsEvent(parked), tables);
      if (error !== null) {
        if (index === 0) outcome.error = errorText(error);
        await tx.query(
          `UPDATE parked_events SET error = $3, attempts = attempts + 1, blocked_by = NULL, parked_at = now()
            WHERE projection = $1 AND event_id = $2`,
          [projection.name, parked.eventId, errorText(error)],
        );
        outcome.stillParked = stream.slice(index).map((p) => p.eventId);
        await tx.query(
          `UPDATE parked_events SET blocked_by = $2 WHERE projection = $1 AND event_id = ANY($3::text[])`,
          [projection.name, parked.eventId, outcome.stillParked.slice(1)],
        );
        break;
      }
      await tx.query(`DELETE FROM parked_events WHERE projection = $1 AND event_id = $2`, [
        projection.name,
        parked.eventId,
      ]);
      outcome.applied.push(parked.eventId);
    }
    logger.log(
      `retried ${eventId} of ${projection.name}: applied ${outcome.applied.length}, still parked ${outcome.stillParked.length}`,
    );
    return outcome;
  });
}
