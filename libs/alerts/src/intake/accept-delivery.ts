import type { Clock, Database, Sql } from '@sitrep/platform';
import type { AlertPipeline, IntegrationSettings } from '../alert-pipeline.port';
import type { AlertSource, MapOutcome, SourceCredentials, WebhookDelivery } from '../alert-source';
import type { Integration } from '../integrations/integration';
import { IntakeError, IntakeErrorCode } from './intake.errors';
import { KeyedMutex } from './keyed-mutex';
import { deliveryStore, type StoredAnswer } from './webhook-delivery.store';

/** An identical body to the same integration within this window is the sender retrying. */
export const RETRY_WINDOW_MS = 24 * 3600 * 1000;

export interface AcceptContext {
  db: Database;
  pipeline: AlertPipeline;
  clock: Clock;
}

export interface AdmittedDelivery {
  integration: Integration;
  settings: IntegrationSettings;
  source: AlertSource;
  delivery: WebhookDelivery;
  deliveryId: string;
  bodySha256: string;
}

/**
 * Parses and maps (pure), then — under a lock on (integration, body hash), so two copies of one
 * delivery arriving together are ingested once — answers a retry from the record, or ingests
 * and records the answer in the same transaction.
 */
export async function acceptDelivery(
  ctx: AcceptContext,
  admitted: AdmittedDelivery,
): Promise<StoredAnswer> {
  const { integration, source, delivery, bodySha256 } = admitted;
  const credentials: SourceCredentials = { mapping: integration.mapping };
  const parsed = source.parse(delivery);
  if (!parsed.ok) {
    const code = parsed.status === 400 ? IntakeErrorCode.MALFORMED : IntakeErrorCode.UNPROCESSABLE;
    throw new IntakeError(code, parsed.problems.join('; '), 'invalid', parsed.problems);
  }
  const mapped = mapOrRefuse(source, parsed.payload, delivery, credentials);

  const key = `webhook:${integration.integrationId}:${bodySha256}`;
  const decide = (sql: Sql) => answerOrIngest(ctx, admitted, parsed.payload, mapped, sql);
  // One process with one connection (embedded PGlite): the pipeline needs that connection while
  // we decide, so copies are serialised in process instead of under a transaction-held lock.
  if (ctx.db.maxConnections < 2) return inProcess.run(key, () => decide(ctx.db));
  return ctx.db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
    return decide(tx);
  });
}

const inProcess = new KeyedMutex();

async function answerOrIngest(
  ctx: AcceptContext,
  admitted: AdmittedDelivery,
  payload: unknown,
  mapped: MapOutcome,
  tx: Sql,
): Promise<StoredAnswer> {
  const { integration, source, delivery, deliveryId, bodySha256 } = admitted;
  const since = new Date(delivery.receivedAt.getTime() - RETRY_WINDOW_MS);
  const earlier = await deliveryStore.findAccepted(
    tx,
    integration.integrationId,
    bodySha256,
    since,
  );
  const now = ctx.clock.now();
  if (earlier) {
    const answer = earlier.outcome.answer;
    await deliveryStore.complete(tx, deliveryId, 'duplicate', { retryOf: earlier.id, answer }, now);
    return answer;
  }
  if (mapped.kind === 'handshake') {
    const answer = { status: 200, body: { deliveryId, handshake: mapped.action } };
    await deliveryStore.complete(tx, deliveryId, 'accepted', { handshake: mapped, answer }, now);
    return answer;
  }
  const outcomes = await ctx.pipeline.ingest(admitted.settings, mapped.alerts, {
    deliveryId,
    receivedAt: delivery.receivedAt,
  });
  const answer = source.reply?.(payload, mapped) ?? {
    status: 202,
    body: { deliveryId, alerts: outcomes },
  };
  await deliveryStore.complete(tx, deliveryId, 'accepted', { alerts: outcomes, answer }, now);
  return answer;
}

/** A payload that parsed but cannot become alerts (e.g. a generic-json mapping that does not fit). */
function mapOrRefuse(
  source: AlertSource,
  payload: unknown,
  delivery: WebhookDelivery,
  credentials: SourceCredentials,
): MapOutcome {
  try {
    return source.map(payload, delivery, credentials);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const { details, problems } = (error ?? {}) as { details?: unknown; problems?: unknown };
    throw new IntakeError(IntakeErrorCode.UNPROCESSABLE, message, 'invalid', details ?? problems);
  }
}
