import type { EventStore } from '@sitrep/event-store';
import type { Database } from '@sitrep/platform';
import type { AlertOutcome, IntegrationSettings } from '../../alert-pipeline.port';
import type { QueuedAlert } from '../../normalized-alert';
import type { AlertPipelineService } from '../alert-pipeline.service';
import { StreamSession, type StreamStates } from '../stream-session';

export interface TestDelivery {
  deliveryId: string;
  receivedAt: Date;
}

/** One accepted delivery as the processor hands it to the pipeline. */
export interface TestIngestion {
  integration: IntegrationSettings;
  alerts: readonly QueuedAlert[];
  delivery: TestDelivery;
}

/**
 * What the alert processor does with one batch, without its queue: one session prepares and
 * decides every delivery in order, one transaction appends all the staged events, and the
 * session's states become the remembered ones only once that committed. Returns each delivery's
 * outcomes. A failed append throws (WrongExpectedVersionError) and leaves `states` as they were.
 */
export async function ingestBatch(
  pipeline: AlertPipelineService,
  store: EventStore,
  db: Database,
  states: StreamStates,
  batch: readonly TestIngestion[],
): Promise<AlertOutcome[][]> {
  const session = new StreamSession(store, states);
  await pipeline.prepare(session, batch);
  const outcomes: AlertOutcome[][] = [];
  for (const { integration, alerts, delivery } of batch) {
    outcomes.push(await pipeline.ingest(session, integration, alerts, delivery));
  }
  await db.transaction((tx) => store.appendBatch(session.appends(), tx));
  session.commit();
  return outcomes;
}

/** One delivery processed on its own, as a batch of one, and committed. */
export async function ingestNow(
  pipeline: AlertPipelineService,
  store: EventStore,
  db: Database,
  states: StreamStates,
  integration: IntegrationSettings,
  alerts: readonly QueuedAlert[],
  delivery: TestDelivery,
): Promise<AlertOutcome[]> {
  const [outcomes] = await ingestBatch(pipeline, store, db, states, [
    { integration, alerts, delivery },
  ]);
  return outcomes;
}
